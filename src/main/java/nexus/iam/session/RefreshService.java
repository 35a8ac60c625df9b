package nexus.iam.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.device.Location;
import nexus.iam.device.Locations;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.session.RefreshDecision.Refuse;
import nexus.iam.session.RefreshDecision.Retry;
import nexus.iam.session.RefreshDecision.Reuse;
import nexus.iam.session.RefreshDecision.Rotate;
import nexus.iam.session.RefreshDecision.Unknown;
import nexus.iam.session.RefreshDecision.Verdict;
import nexus.iam.session.RefreshOutcome.Reason;
import nexus.iam.session.RefreshOutcome.Refused;
import nexus.iam.session.RefreshOutcome.Rotated;
import nexus.iam.session.SessionRepository.RefreshRow;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.AccessTokenService.IssuedAccessToken;
import nexus.iam.token.RefreshTokenValues;
import nexus.iam.token.TokenPair;
import nexus.iam.token.TokenProperties;

/**
 * Refresh-token rotation. Every refresh spends the presented token and hands out the session's
 * next pair; the spend is a compare-and-set in PostgreSQL, so exactly one successor exists however
 * many requests race, on however many nodes. A token presented again:
 * <ul>
 * <li>inside the grace window (two tabs refreshing at once) gets the same successor pair again;
 * <li>after it is treated as stolen: the whole session is revoked.
 * </ul>
 */
@Service
public class RefreshService {

	private final SessionRepository sessions;

	private final SessionService sessionService;

	private final AccessTokenService accessTokens;

	private final RefreshTokenValues refreshValues;

	private final AuditLog audit;

	private final Clock clock;

	private final Duration refreshLifetime;

	private final RefreshDecision decision;

	private final boolean auditRefreshes;

	private final SessionMetrics metrics;

	private final SecurityNotifications notifications;

	private final Locations locations;

	/** Around every refresh but the ordinary one, which is a single statement. */
	private final TransactionTemplate transactions;

	RefreshService(SessionRepository sessions, SessionService sessionService, AccessTokenService accessTokens,
			RefreshTokenValues refreshValues, AuditLog audit, Clock clock, TokenProperties tokens,
			SessionProperties properties, SessionMetrics metrics, SecurityNotifications notifications,
			Locations locations, PlatformTransactionManager transactionManager) {
		this.transactions = new TransactionTemplate(transactionManager);
		this.notifications = notifications;
		this.locations = locations;
		this.auditRefreshes = properties.auditRefreshes();
		this.metrics = metrics;
		this.sessions = sessions;
		this.sessionService = sessionService;
		this.accessTokens = accessTokens;
		this.refreshValues = refreshValues;
		this.audit = audit;
		this.clock = clock;
		this.refreshLifetime = tokens.refreshTokenLifetime();
		this.decision = new RefreshDecision(tokens.refreshGracePeriod());
	}

	public RefreshOutcome refresh(String presented, ClientContext client) {
		RefreshOutcome outcome = rotateAtOnce(presented, client);
		if (outcome == null) {
			outcome = this.transactions.execute((status) -> decide(presented, client));
		}
		this.metrics.refreshed(outcome);
		return outcome;
	}

	/**
	 * The ordinary refresh (a live token, never rotated) in one statement and no transaction
	 * around it: a round trip to PostgreSQL, against four before (begin, read, rotate, commit).
	 * @return the new pair, or null for every other case, which {@link #decide} then sorts out
	 */
	private @Nullable Rotated rotateAtOnce(String presented, ClientContext client) {
		if (!RefreshTokenValues.wellFormed(presented)) {
			return null;
		}
		Instant now = this.clock.instant();
		String successor = this.refreshValues.successorOf(presented);
		UUID successorId = UUID.randomUUID();
		String jti = UUID.randomUUID().toString();
		Optional<SessionRepository.Rotation> rotated = this.sessions.rotateByHash(RefreshTokenValues.hash(presented),
				successorId, RefreshTokenValues.hash(successor), now, now.plus(this.refreshLifetime), jti);
		if (rotated.isEmpty()) {
			return null;
		}
		SessionRepository.Rotation rotation = rotated.get();
		// the access token's iat is the rotation instant stored with its jti, so a retry rebuilds it exactly
		IssuedAccessToken access = this.accessTokens.issue(rotation.userId(), rotation.sessionId(), rotation.amr(), jti,
				now);
		if (this.auditRefreshes) {
			this.audit.record(new AuditEvent(AuditEventType.TOKEN_REFRESHED, rotation.userId(), rotation.sessionId(),
					client.ipAddress(), client.userAgent(), Map.of("refresh_token_id", successorId.toString())));
		}
		return new Rotated(rotation.userId(), rotation.sessionId(),
				new TokenPair(access.value(), access.expiresAt(), successor, successorId, rotation.successorExpiresAt()),
				false);
	}

	private RefreshOutcome decide(String presented, ClientContext client) {
		if (!RefreshTokenValues.wellFormed(presented)) {
			return new Refused(Reason.INVALID);
		}
		byte[] hash = RefreshTokenValues.hash(presented);
		Optional<RefreshRow> found = this.sessions.findRefreshToken(hash);
		Instant now = this.clock.instant();
		Verdict verdict = this.decision.presented(found, now);
		if (verdict instanceof Rotate(RefreshRow token)) {
			Rotated rotated = rotate(token, presented, now, client);
			if (rotated != null) {
				return rotated;
			}
			// another request got there first: a rotation, or a revocation (sign-out, theft)
			verdict = this.decision.afterLostRace(this.sessions.findRefreshToken(hash).orElseThrow(), now);
		}
		return switch (verdict) {
			case Unknown unknown -> unknown(hash, client);
			case Refuse refuse -> refused(refuse.token(), refuse.reason(), client);
			case Retry retry -> retry(retry.token(), presented, client);
			case Reuse reuse -> reused(reuse.token(), client);
			case Rotate rotate -> throw new IllegalStateException("a token read again after a lost race is spent");
		};
	}

	/**
	 * Not ours, or issued after the backup that a restored database came from: to the log only
	 * (writing a row would let anyone fill the audit table), so an incident can still be traced.
	 */
	private RefreshOutcome unknown(byte[] hash, ClientContext client) {
		this.audit.recordInLogOnly(new AuditEvent(AuditEventType.REFRESH_TOKEN_UNKNOWN, null, null, client.ipAddress(),
				client.userAgent(), Map.of("token_hash_prefix", HexFormat.of().formatHex(hash, 0, 8))));
		return new Refused(Reason.INVALID);
	}

	/**
	 * The compare-and-set of a rotation and its successor in one statement: only one caller, on
	 * any node, rotates a token. The successor's values are made first (the access token is signed
	 * even when another request wins, which is rare and costs only CPU).
	 * @return the new pair, or null when the token was rotated or revoked meanwhile
	 */
	private @Nullable Rotated rotate(RefreshRow token, String presented, Instant now, ClientContext client) {
		String successor = this.refreshValues.successorOf(presented);
		UUID successorId = UUID.randomUUID();
		Instant expiresAt = SessionRules.refreshTokenExpiry(now, this.refreshLifetime, token.sessionExpiresAt());
		// the access token's iat is the rotation instant stored below, so a retry rebuilds it exactly
		IssuedAccessToken access = this.accessTokens.issue(token.userId(), token.sessionId(), token.amr(),
				UUID.randomUUID().toString(), now);
		if (!this.sessions.rotate(token.id(), successorId, RefreshTokenValues.hash(successor), now, expiresAt,
				access.jti())) {
			return null;
		}
		if (this.auditRefreshes) {
			record(AuditEventType.TOKEN_REFRESHED, token, client, Map.of("refresh_token_id", successorId.toString()));
		}
		return new Rotated(token.userId(), token.sessionId(),
				new TokenPair(access.value(), access.expiresAt(), successor, successorId, expiresAt), false);
	}

	/** The same pair as the rotation that won, rebuilt: the successor value is derived, not stored. */
	private RefreshOutcome retry(RefreshRow token, String presented, ClientContext client) {
		Optional<RefreshRow> found = this.sessions.findSuccessor(token.id());
		String successor = this.refreshValues.successorOf(presented);
		if (!RefreshDecision.successorMayBeHandedOutAgain(found, RefreshTokenValues.hash(successor))) {
			return refused(token, Reason.REVOKED, client);
		}
		RefreshRow next = found.get();
		IssuedAccessToken access = this.accessTokens.issue(next.userId(), next.sessionId(), next.amr(),
				next.accessJti(), next.issuedAt());
		record(AuditEventType.TOKEN_REFRESH_RETRIED, token, client, Map.of("refresh_token_id", next.id().toString()));
		return new Rotated(next.userId(), next.sessionId(),
				new TokenPair(access.value(), access.expiresAt(), successor, next.id(), next.expiresAt()), true);
	}

	private Refused reused(RefreshRow token, ClientContext client) {
		this.sessionService.revoke(token.sessionId(), SessionEndReason.REFRESH_TOKEN_REUSE, client);
		record(AuditEventType.REFRESH_TOKEN_REUSE, token, client, Map.of("refresh_token_id", token.id().toString()));
		Location location = this.locations.locateAddress(client.ipAddress());
		this.notifications.refreshTokenReuse(token.userId(), client.ipAddress(),
				location.isEmpty() ? null : location.display());
		return new Refused(Reason.REUSED);
	}

	private Refused refused(RefreshRow token, Reason reason, ClientContext client) {
		record(AuditEventType.TOKEN_REFRESH_FAILED, token, client,
				Map.of("reason", reason.errorCode().code(), "refresh_token_id", token.id().toString()));
		return new Refused(reason);
	}

	private void record(AuditEventType type, RefreshRow token, ClientContext client, Map<String, Object> details) {
		this.audit.record(new AuditEvent(type, token.userId(), token.sessionId(), client.ipAddress(),
				client.userAgent(), details));
	}
}
