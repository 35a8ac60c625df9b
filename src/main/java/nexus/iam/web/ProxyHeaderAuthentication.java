package nexus.iam.web;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import nexus.iam.token.VerifiedAccessToken;

/** A request a trusted proxy vouched for in its identity headers; the principal is a stand-in token. */
final class ProxyHeaderAuthentication extends AbstractAuthenticationToken {

	private final VerifiedAccessToken token;

	ProxyHeaderAuthentication(VerifiedAccessToken token) {
		super(List.of(new SimpleGrantedAuthority("ROLE_USER")));
		this.token = token;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public VerifiedAccessToken getPrincipal() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.token.userId().toString();
	}
}
