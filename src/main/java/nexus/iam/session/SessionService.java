package nexus.iam.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Starts and tracks user sessions: one per sign-in, the family of its refresh tokens. */
@Service
public class SessionService {

	private final SessionRepository sessions;

	private final Clock clock;

	private final java.time.Duration maxLifetime;

	SessionService(SessionRepository sessions, Clock clock, SessionProperties properties) {
		this.sessions = sessions;
		this.clock = clock;
		this.maxLifetime = properties.maxLifetime();
	}

	/** Records a new session for a user who has just signed in. */
	@Transactional
	public StartedSession start(UUID userId, String provider, List<String> amr, ClientContext client) {
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.maxLifetime);
		this.sessions.insert(id, userId, provider, amr, client, now, expiresAt);
		return new StartedSession(id, userId, amr, expiresAt);
	}

	/** Points the session at its current refresh token. */
	@Transactional
	public void attachRefreshToken(UUID sessionId, UUID refreshTokenId) {
		this.sessions.attachRefreshToken(sessionId, refreshTokenId);
	}

	/**
	 * A session that has just begun.
	 *
	 * @param id the session id, the {@code sid} of its access tokens
	 * @param userId whose session
	 * @param amr how the user authenticated
	 * @param expiresAt the absolute end of the session
	 */
	public record StartedSession(UUID id, UUID userId, List<String> amr, Instant expiresAt) {
	}
}
