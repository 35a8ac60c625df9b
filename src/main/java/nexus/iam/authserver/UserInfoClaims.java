package nexus.iam.authserver;

import java.security.Principal;
import java.util.function.Function;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

import nexus.iam.session.SessionService;

/**
 * Userinfo (OpenID Connect Core §5.3): the same claims as the ID token's by the access token's
 * scopes, read fresh. An access token whose Nexus session has ended is refused
 * ({@code invalid_token}), on every node.
 */
final class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private final SessionService sessions;

	private final Users users;

	UserInfoClaims(SessionService sessions, Users users) {
		this.sessions = sessions;
		this.users = users;
	}

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		if (!(authorization.getAttribute(Principal.class.getName()) instanceof SessionPrincipal session)
				|| !this.sessions.isLive(session.userId(), session.sessionId())) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
		}
		return this.users.of(session.userId(), context.getAccessToken().getScopes())
			.map((user) -> new OidcUserInfo(ScopeClaims.of(context.getAccessToken().getScopes(), user)))
			.orElseThrow(() -> new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN));
	}
}
