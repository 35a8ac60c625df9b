package nexus.iam.authserver;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import nexus.iam.session.SessionService;

/**
 * The claims of the provider's JWTs beyond Spring Authorization Server's ({@code iss}, {@code sub},
 * {@code aud}, {@code iat}, {@code exp}, {@code jti}):
 * <ul>
 * <li>access tokens (RFC 9068, {@code typ: at+jwt}): {@code client_id}, {@code scope} as one
 * space-separated string, {@code sid} (the Nexus session); they live as the client's settings say,
 * never longer than Nexus's own access tokens, so that the deny-list covers every one of them;
 * <li>ID tokens: {@code sid}, {@code auth_time}, {@code amr}, {@code acr} (see {@link Acr}) and the
 * user's claims by scope ({@link ScopeClaims}).
 * </ul>
 * A token for a Nexus session that is no longer live is refused ({@code invalid_grant}): a code
 * exchanged, or a refresh, after the session ended.
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final SessionService sessions;

	private final Users users;

	private final Duration accessTokenLifetimeCap;

	private final Duration idTokenLifetime;

	TokenClaims(SessionService sessions, Users users, Duration accessTokenLifetimeCap, Duration idTokenLifetime) {
		this.sessions = sessions;
		this.users = users;
		this.accessTokenLifetimeCap = accessTokenLifetimeCap;
		this.idTokenLifetime = idTokenLifetime;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		JwtClaimsSet.Builder claims = context.getClaims();
		Authentication principal = context.getPrincipal();
		SessionPrincipal session = (principal instanceof SessionPrincipal p) ? p : null;
		Instant issuedAt = claims.build().getIssuedAt();
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			if (session != null && !this.sessions.isLive(session.userId(), session.sessionId())) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The Nexus session has ended", null));
			}
			context.getJwsHeader().type("at+jwt");
			claims.claim("client_id", context.getRegisteredClient().getClientId());
			claims.claims((all) -> all.remove("scope"));
			if (!context.getAuthorizedScopes().isEmpty()) {
				claims.claim("scope", String.join(" ", new TreeSet<>(context.getAuthorizedScopes())));
			}
			if (session != null) {
				claims.claim("sid", session.sessionId().toString());
			}
			Duration lifetime = context.getRegisteredClient().getTokenSettings().getAccessTokenTimeToLive();
			claims.expiresAt(issuedAt.plus((lifetime.compareTo(this.accessTokenLifetimeCap) > 0)
					? this.accessTokenLifetimeCap : lifetime));
		}
		else if (ID_TOKEN.equals(context.getTokenType()) && session != null) {
			claims.expiresAt(issuedAt.plus(this.idTokenLifetime));
			claims.claim("sid", session.sessionId().toString());
			claims.claim("auth_time", session.authTime());
			claims.claim("amr", session.amr());
			claims.claim("acr", Acr.of(session.amr()));
			Set<String> scopes = context.getAuthorizedScopes();
			this.users.of(session.userId(), scopes)
				.ifPresent((user) -> ScopeClaims.of(scopes, user).forEach(claims::claim));
		}
	}
}
