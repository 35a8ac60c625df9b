package nexus.iam.web;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import nexus.iam.token.VerifiedAccessToken;

/** A request authenticated by a verified access token; the token is the principal. */
final class AccessTokenAuthentication extends AbstractAuthenticationToken {

	private final VerifiedAccessToken token;

	AccessTokenAuthentication(VerifiedAccessToken token) {
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
