package nexus.iam.session;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.revocation.RevocationService;
import nexus.iam.token.AccessTokenRejectedException;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.RefreshTokenValues;
import nexus.iam.token.VerifiedAccessToken;

/**
 * Token revocation (RFC 7009): the caller proves nothing but possession of the token. An access
 * token is revoked by its {@code jti}, a refresh token by ending its whole session. Which kind a
 * token is follows the hint, else its shape; when the first guess finds nothing, the other is
 * tried. A token that is not ours, or already dead, changes nothing.
 */
@Service
class TokenRevocationService {

	private final SessionRepository repository;

	private final SessionService sessions;

	private final AccessTokenService accessTokens;

	private final RevocationService revocations;

	private final AuditLog audit;

	private final SessionMetrics metrics;

	TokenRevocationService(SessionRepository repository, SessionService sessions, AccessTokenService accessTokens,
			RevocationService revocations, AuditLog audit, SessionMetrics metrics) {
		this.repository = repository;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.revocations = revocations;
		this.audit = audit;
		this.metrics = metrics;
	}

	/**
	 * @param token the presented token, of either kind
	 * @param hint the {@code token_type_hint}, if any ({@code refresh_token} or {@code access_token})
	 */
	void revoke(String token, @Nullable String hint, ClientContext client) {
		boolean refreshFirst = "refresh_token".equals(hint) || (hint == null && RefreshTokenValues.wellFormed(token));
		if (refreshFirst) {
			if (!revokeRefreshToken(token, client)) {
				revokeAccessToken(token, client);
			}
		}
		else if (!revokeAccessToken(token, client)) {
			revokeRefreshToken(token, client);
		}
	}

	/** The session a refresh token belongs to, if the value is one of ours (spent or not). */
	Optional<UUID> sessionOfRefreshToken(@Nullable String token) {
		if (token == null || !RefreshTokenValues.wellFormed(token)) {
			return Optional.empty();
		}
		return this.repository.findRefreshToken(RefreshTokenValues.hash(token)).map(SessionRepository.RefreshRow::sessionId);
	}

	/** Sign-out: the caller's own session ends. */
	void signOut(UUID sessionId, ClientContext client) {
		this.sessions.revoke(sessionId, SessionEndReason.SIGN_OUT, client);
	}

	private boolean revokeAccessToken(String token, ClientContext client) {
		VerifiedAccessToken verified;
		try {
			verified = this.accessTokens.verify(token);
		}
		catch (AccessTokenRejectedException ex) {
			return false;
		}
		if (!this.revocations.revokeAccessToken(verified.jti(), verified.expiresAt())) {
			return true; // already revoked: nothing new to record
		}
		this.metrics.accessTokenRevoked();
		this.audit.record(new AuditEvent(AuditEventType.ACCESS_TOKEN_REVOKED, verified.userId(), verified.sessionId(),
				client.ipAddress(), client.userAgent(), Map.of("jti", verified.jti())));
		return true;
	}

	private boolean revokeRefreshToken(String token, ClientContext client) {
		Optional<UUID> sessionId = sessionOfRefreshToken(token);
		sessionId.ifPresent((id) -> this.sessions.revoke(id, SessionEndReason.TOKEN_REVOCATION, client));
		return sessionId.isPresent();
	}
}
