package nexus.iam.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.notification.SignInFacts;
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

	private final SessionMetrics metrics;

	private final SecurityNotifications notifications;

	private final SessionLimit limit;

	/** Looked up when a session ends: a listener may itself depend on services that depend on this one. */
	private final ObjectProvider<SessionEndListener> endListeners;

	SessionService(SessionRepository sessions, AccessTokenService accessTokens, RefreshTokenValues refreshValues,
			RevocationService revocations, AuditLog audit, Clock clock, SessionProperties properties,
			TokenProperties tokens, SessionMetrics metrics, SecurityNotifications notifications,
			ObjectProvider<SessionEndListener> endListeners) {
		this.endListeners = endListeners;
		this.metrics = metrics;
		this.notifications = notifications;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.refreshValues = refreshValues;
		this.revocations = revocations;
		this.audit = audit;
		this.clock = clock;
		this.maxLifetime = properties.maxLifetime();
		this.refreshLifetime = tokens.refreshTokenLifetime();
		this.limit = new SessionLimit(properties.maxPerUser());
	}

	/**
	 * Records a new session for a user who has just signed in with one of their identities and
	 * issues its first token pair. Tells whether the sign-in came from a device or a country the
	 * user's sessions on record have not (never for a user's first session). With the user's
	 * limit of live sessions reached, the least recently used end first ({@code session_limit}):
	 * under the user's session lock, so that concurrent sign-ins on any number of nodes never leave
	 * more than the limit live.
	 */
	@Transactional
	public StartedSession start(UUID userId, @Nullable UUID identityId, String provider, List<String> amr,
			SessionOrigin origin) {
		UUID sessionId = UUID.randomUUID();
		this.sessions.lockSessionsOf(userId);
		Instant now = this.clock.instant();
		Instant sessionExpiresAt = now.plus(this.maxLifetime);
		endToStayWithinLimit(userId, sessionId, origin.client(), now);
		SessionRepository.Familiarity familiarity = this.sessions.familiarity(userId, origin);
		boolean unfamiliar = SessionRules.unfamiliar(familiarity);
		this.sessions.insertSession(sessionId, userId, identityId, provider, amr, origin, now, sessionExpiresAt);
		return new StartedSession(sessionId, newPair(userId, sessionId, amr, now, sessionExpiresAt), unfamiliar);
	}

	/**
	 * Records that the user proved one more factor in this session ({@code method}, an RFC 8176
	 * {@code amr} value such as {@code otp}) and replaces the session's token pair with one whose
	 * access token says so. Refreshes keep the method, since they copy the session's {@code amr}.
	 * The session's unspent refresh token is revoked: the new pair is the session's only one.
	 * @return the new pair, or empty when the session is not a live session of this user
	 */
	@Transactional
	public Optional<TokenPair> stepUp(UUID userId, UUID sessionId, String method) {
		Instant now = this.clock.instant();
		Optional<List<String>> amr = this.sessions.addAmr(sessionId, userId, method, now);
		if (amr.isEmpty()) {
			return Optional.empty();
		}
		Instant sessionExpiresAt = this.sessions.findSessionExpiry(sessionId).orElseThrow();
		this.sessions.revokeUnspentRefreshTokens(sessionId, now);
		return Optional.of(newPair(userId, sessionId, amr.get(), now, sessionExpiresAt));
	}

	/**
	 * A fresh pair that starts a new refresh-token family in the session (no parent) and becomes
	 * its current one; the refresh token never outlives the session.
	 */
	private TokenPair newPair(UUID userId, UUID sessionId, List<String> amr, Instant now, Instant sessionExpiresAt) {
		String refresh = this.refreshValues.newValue();
		UUID refreshId = UUID.randomUUID();
		Instant refreshExpiresAt = SessionRules.refreshTokenExpiry(now, this.refreshLifetime, sessionExpiresAt);
		IssuedAccessToken access = this.accessTokens.issue(userId, sessionId, amr, UUID.randomUUID().toString(), now);
		this.sessions.insertRefreshToken(refreshId, sessionId, null, RefreshTokenValues.hash(refresh), now,
				refreshExpiresAt, access.jti());
		this.sessions.recordCurrentToken(sessionId, refreshId, now);
		return new TokenPair(access.value(), access.expiresAt(), refresh, refreshId, refreshExpiresAt);
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
			this.metrics.sessionsRevoked(reason, 1);
			UUID userId = this.sessions.findUserOfSession(sessionId).orElseThrow();
			tellListeners(new EndedSessions(userId, List.of(sessionId), reason, now));
			this.audit.record(new AuditEvent(SessionRules.auditedAs(reason), userId, sessionId, client.ipAddress(),
					client.userAgent(), Map.of("reason", reason.value())));
		}
		return wasLive;
	}

	/** Whether this session of this user can still be used. */
	public boolean isLive(UUID userId, UUID sessionId) {
		return liveSessions(userId).stream().anyMatch((session) -> session.id().equals(sessionId));
	}

	/** The user's sessions that can still be used, newest activity first. */
	public List<SessionView> liveSessions(UUID userId) {
		return this.sessions.findLiveSessions(userId, this.clock.instant(), MAX_LISTED);
	}

	/**
	 * Ends one of the user's own sessions, from another one or from itself.
	 * @return false when there is no such live session of this user: someone else's session
	 * is answered exactly like an unknown one
	 */
	@Transactional
	public boolean revokeOwn(UUID userId, UUID sessionId, UUID currentSessionId, ClientContext client) {
		Optional<SessionView> session = this.sessions.findOwnLiveSession(sessionId, userId);
		if (session.isEmpty()) {
			return false;
		}
		SessionEndReason reason = SessionRules.endingOwn(sessionId, currentSessionId);
		boolean ended = revoke(sessionId, reason, client);
		if (ended && reason == SessionEndReason.REMOTE_SIGN_OUT) {
			SessionView ofTheEnded = session.get();
			this.notifications.sessionSignedOutRemotely(userId,
					new SignInFacts(ofTheEnded.deviceType(), ofTheEnded.browser(), ofTheEnded.os(),
							ofTheEnded.ipAddress(), ofTheEnded.location(), ofTheEnded.createdAt(), ofTheEnded.provider()));
		}
		return ended;
	}

	/**
	 * Ends every session of the user but one, each through the deny-list. The kept session's
	 * tokens stay valid, so no user-wide revocation is recorded.
	 * @return how many sessions ended
	 */
	@Transactional
	public int revokeAllExcept(UUID userId, UUID keptSessionId, ClientContext client) {
		Instant now = this.clock.instant();
		List<UUID> others = this.sessions.findLiveSessionIds(userId)
			.stream()
			.filter((id) -> !id.equals(keptSessionId))
			.toList();
		endEach(userId, others, SessionEndReason.SIGN_OUT_EVERYWHERE, now);
		notifyAllSignedOut(userId, others.size(), true);
		this.audit.record(new AuditEvent(AuditEventType.USER_SESSIONS_REVOKED, userId, keptSessionId,
				client.ipAddress(), client.userAgent(), Map.of("reason", SessionEndReason.SIGN_OUT_EVERYWHERE.value(),
						"sessions", others.size(), "kept_current", true)));
		return others.size();
	}

	/** Ends every session of a user and invalidates every access token issued to them until now. */
	@Transactional
	public int revokeAll(UUID userId, SessionEndReason reason, ClientContext client) {
		Instant now = this.clock.instant();
		List<UUID> live = this.sessions.findLiveSessionIds(userId);
		endEach(userId, live, reason, now);
		notifyAllSignedOut(userId, live.size(), false);
		this.revocations.revokeUser(userId);
		this.audit.record(new AuditEvent(AuditEventType.USER_SESSIONS_REVOKED, userId, null, client.ipAddress(),
				client.userAgent(), Map.of("reason", reason.value(), "sessions", live.size())));
		return live.size();
	}

	/**
	 * Ends every live session of the user that was signed in with this identity, which is being
	 * unlinked: whoever holds those sessions proved only that identity, which no longer opens the
	 * account. The caller's own session is no exception. A session from before sessions recorded
	 * their identity counts as signed in with it when it came from the same provider: ending one
	 * session too many is the safe side. Each ended session is audited ({@code session_revoked},
	 * reason {@code identity_unlinked}); the e-mail is the unlink's own.
	 * @return the ended sessions
	 */
	@Transactional
	public List<UUID> revokeSignedInWith(UUID userId, UUID identityId, String provider, ClientContext client) {
		Instant now = this.clock.instant();
		List<UUID> started = this.sessions.findLiveSessionIdsSignedInWith(userId, identityId, provider);
		endEach(userId, started, SessionEndReason.IDENTITY_UNLINKED, now);
		for (UUID sessionId : started) {
			this.audit.record(new AuditEvent(AuditEventType.SESSION_REVOKED, userId, sessionId, client.ipAddress(),
					client.userAgent(), Map.of("reason", SessionEndReason.IDENTITY_UNLINKED.value(), "identity_id",
							identityId.toString())));
		}
		return started;
	}

	/** Ends the user's least recently used sessions while the new one would exceed the limit; audits each. */
	private void endToStayWithinLimit(UUID userId, UUID newSessionId, ClientContext client, Instant now) {
		List<UUID> ending = this.limit.toEndForNewSession(this.sessions.findSessionsWithinLimit(userId, now));
		endEach(userId, ending, SessionEndReason.SESSION_LIMIT, now);
		for (UUID sessionId : ending) {
			this.audit.record(new AuditEvent(AuditEventType.SESSION_REVOKED, userId, sessionId, client.ipAddress(),
					client.userAgent(), Map.of("reason", SessionEndReason.SESSION_LIMIT.value(), "limit",
							this.limit.maxPerUser(), "new_session_id", newSessionId.toString())));
		}
	}

	/**
	 * Ends the user's sessions: refresh tokens in PostgreSQL, access tokens through the deny-list;
	 * counts them and tells the listeners of those that were live until now.
	 */
	private void endEach(UUID userId, List<UUID> sessionIds, SessionEndReason reason, Instant now) {
		List<UUID> ended = new java.util.ArrayList<>();
		for (UUID sessionId : sessionIds) {
			if (this.sessions.revokeSession(sessionId, now, reason.value())) {
				ended.add(sessionId);
			}
			this.revocations.revokeSession(sessionId);
		}
		this.metrics.sessionsRevoked(reason, sessionIds.size());
		if (!ended.isEmpty()) {
			tellListeners(new EndedSessions(userId, ended, reason, now));
		}
	}

	/** Every way a session ends by an action comes through here, inside the ending transaction. */
	private void tellListeners(EndedSessions ended) {
		this.endListeners.orderedStream().forEach((listener) -> listener.sessionsEnded(ended));
	}

	private void notifyAllSignedOut(UUID userId, int count, boolean keptCurrent) {
		if (count > 0) {
			this.notifications.allSessionsSignedOut(userId, count, keptCurrent);
		}
	}

	/** More than anyone has open; a bound on what one request reads. */
	private static final int MAX_LISTED = 200;

	/**
	 * A session that has just begun.
	 *
	 * @param id the session id, the {@code sid} of its access tokens
	 * @param tokens its first token pair
	 * @param unfamiliar whether it came from a device or country new for this user
	 */
	public record StartedSession(UUID id, TokenPair tokens, boolean unfamiliar) {
	}
}
