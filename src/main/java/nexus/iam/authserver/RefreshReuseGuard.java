package nexus.iam.authserver;

import java.util.Map;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;

/**
 * Refresh-token reuse detection around Spring Authorization Server's refresh grant (which rotates,
 * {@code reuseRefreshTokens=false}): a refresh token that was already rotated, presented again, is
 * treated as stolen, and its whole family (the authorization: its refresh and access tokens) is
 * revoked. The ordinary refresh costs nothing extra: the spent tokens are looked at only when the
 * presented one is not a live one.
 */
final class RefreshReuseGuard implements AuthenticationProvider {

	private final AuthenticationProvider refreshGrant;

	private final PostgresAuthorizationService authorizations;

	private final AuditLog audit;

	private final ProviderMetrics metrics;

	RefreshReuseGuard(AuthenticationProvider refreshGrant, PostgresAuthorizationService authorizations,
			AuditLog audit, ProviderMetrics metrics) {
		this.refreshGrant = refreshGrant;
		this.authorizations = authorizations;
		this.audit = audit;
		this.metrics = metrics;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		try {
			return this.refreshGrant.authenticate(authentication);
		}
		catch (OAuth2AuthenticationException ex) {
			if (authentication instanceof OAuth2RefreshTokenAuthenticationToken refresh && refusedAsUnknown(ex)) {
				// only now, on the refusal's path, are the spent tokens looked at
				Optional<String> family = this.authorizations.spentRefreshTokenOwner(refresh.getRefreshToken());
				if (reused(ex, family)) {
					revokeFamily(family.get());
				}
			}
			throw ex;
		}
	}

	/**
	 * The decision: a refusal as an unknown token ({@code invalid_grant}, not the loser of a
	 * concurrent rotation) of a token that is on record as rotated already is a reuse.
	 */
	static boolean reused(OAuth2AuthenticationException refusal, Optional<String> spentBy) {
		return refusedAsUnknown(refusal) && spentBy.isPresent();
	}

	private static boolean refusedAsUnknown(OAuth2AuthenticationException refusal) {
		return !(refusal instanceof PostgresAuthorizationService.ConcurrentRotationException)
				&& OAuth2ErrorCodes.INVALID_GRANT.equals(refusal.getError().getErrorCode());
	}

	private void revokeFamily(String authorizationId) {
		OAuth2Authorization authorization = this.authorizations.findById(authorizationId);
		this.authorizations.revokeAll(authorizationId);
		if (authorization == null) {
			return;
		}
		String client = authorization.getRegisteredClientId();
		this.metrics.refreshTokenReused(client);
		java.util.UUID userId = null;
		java.util.UUID sessionId = null;
		if (authorization.getAttribute(java.security.Principal.class.getName()) instanceof SessionPrincipal session) {
			userId = session.userId();
			sessionId = session.sessionId();
		}
		this.audit.record(new AuditEvent(AuditEventType.OIDC_REFRESH_TOKEN_REUSE, userId, sessionId, null, null,
				Map.of("client", client, "authorization_id", authorizationId)));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.refreshGrant.supports(authentication);
	}
}
