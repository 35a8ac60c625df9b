package nexus.iam.authserver;

import java.security.Principal;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import nexus.iam.session.SessionService;

/**
 * Introspection (RFC 7662) that knows Nexus sessions: a token whose Nexus session has ended is
 * {@code "active": false} on every node, like a revoked one; so is a token of a client that no longer
 * exists. Spring Authorization Server answers everything else.
 */
final class IntrospectionGuard implements AuthenticationProvider {

	private final AuthenticationProvider introspection;

	private final PostgresAuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final SessionService sessions;

	IntrospectionGuard(AuthenticationProvider introspection, PostgresAuthorizationService authorizations,
			RegisteredClientRepository clients, SessionService sessions) {
		this.introspection = introspection;
		this.authorizations = authorizations;
		this.clients = clients;
		this.sessions = sessions;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()) {
			return this.introspection.authenticate(authentication); // refuses the caller: invalid_client
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(request.getToken(), null);
		if (authorization == null) {
			return request;
		}
		if (this.clients.findById(authorization.getRegisteredClientId()) == null || !live(authorization)) {
			return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(),
					(Authentication) request.getPrincipal(), OAuth2TokenIntrospection.builder().build());
		}
		return this.introspection.authenticate(authentication);
	}

	private boolean live(OAuth2Authorization authorization) {
		if (authorization.getAttribute(Principal.class.getName()) instanceof SessionPrincipal session) {
			return this.sessions.isLive(session.userId(), session.sessionId());
		}
		return true; // client credentials: no session
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.introspection.supports(authentication);
	}
}
