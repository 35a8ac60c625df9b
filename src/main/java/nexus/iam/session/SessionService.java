package nexus.iam.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.revocation.RevocationService;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.AccessTokenService.IssuedAccessToken;
import nexus.iam.token.RefreshTokenValues;
import nexus.iam.token.TokenPair;
import nexus.iam.token.TokenProperties;

/** Starts sessions (one per sign-in, with the first token pair) and ends them. */
@Service
public class SessionService {

	private final SessionRepository sessions;

	private final AccessTokenService accessTokens;

	private final RefreshTokenValues refreshValues;

	private final RevocationService revocations;

	private final AuditLog audit;

	private final Clock clock;

	private final Duration maxLifetime;

	private final Duration refreshLifetime;

	SessionService(SessionRepository sessions, AccessTokenService accessTokens, RefreshTokenValues refreshValues,
			RevocationService revocations, AuditLog audit, Clock clock, SessionProperties properties,
			TokenProperties tokens) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.refreshValues = refreshValues;
		this.revocations = revocations;
		this.audit = audit;
		this.clock = clock;
		this.maxLifetime = properties.maxLifetime();
		this.refreshLifetime = tokens.refreshTokenLifetime();
	}

	/** Records a new session for a user who has just signed in and issues its first token pair. */
	@Transactional
	public StartedSession start(UUID userId, String provider, List<String> amr, ClientContext client) {
		UUID sessionId = UUID.randomUUID();
		Instant now = this.clock.instant();
		Instant sessionExpiresAt = now.plus(this.maxLifetime);
		this.sessions.insertSession(sessionId, userId, provider, amr, client, now, sessionExpiresAt);
		String refresh = this.refreshValues.newValue();
		UUID refreshId = UUID.randomUUID();
		Instant refreshExpiresAt = earlier(now.plus(this.refreshLifetime), sessionExpiresAt);
		IssuedAccessToken access = this.accessTokens.issue(userId, sessionId, amr, UUID.randomUUID().toString(), now);
		this.sessions.insertRefreshToken(refreshId, sessionId, null, RefreshTokenValues.hash(refresh), now,
				refreshExpiresAt, access.jti());
		this.sessions.recordCurrentToken(sessionId, refreshId, now);
		return new StartedSession(sessionId,
				new TokenPair(access.value(), access.expiresAt(), refresh, refreshId, refreshExpiresAt));
	}

	/**
	 * Ends a session: its refresh tokens die now and its access tokens through the deny-list.
	 * @return whether it was live
	 */
	@Transactional
	public boolean revoke(UUID sessionId, SessionEndReason reason, ClientContext client) {
		Instant now = this.clock.instant();
		boolean wasLive = this.sessions.revokeSession(sessionId, now, reason.value());
		this.revocations.revokeSession(sessionId);
		if (wasLive) {
			UUID userId = this.sessions.findUserOfSession(sessionId).orElse(null);
			this.audit.record(new AuditEvent(reason == SessionEndReason.SIGN_OUT ? AuditEventType.SIGN_OUT
					: AuditEventType.SESSION_REVOKED, userId, sessionId, client.ipAddress(), client.userAgent(),
					Map.of("reason", reason.value())));
		}
		return wasLive;
	}

	/** Ends every session of a user and invalidates every access token issued to them until now. */
	@Transactional
	public int revokeAll(UUID userId, SessionEndReason reason, ClientContext client) {
		Instant now = this.clock.instant();
		List<UUID> live = this.sessions.findLiveSessionIds(userId);
		for (UUID sessionId : live) {
			this.sessions.revokeSession(sessionId, now, reason.value());
			this.revocations.revokeSession(sessionId);
		}
		this.revocations.revokeUser(userId);
		this.audit.record(new AuditEvent(AuditEventType.USER_SESSIONS_REVOKED, userId, null, client.ipAddress(),
				client.userAgent(), Map.of("reason", reason.value(), "sessions", live.size())));
		return live.size();
	}

	static Instant earlier(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	/**
	 * A session that has just begun.
	 *
	 * @param id the session id, the {@code sid} of its access tokens
	 * @param tokens its first token pair
	 */
	public record StartedSession(UUID id, TokenPair tokens) {
	}
}
