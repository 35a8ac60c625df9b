package nexus.iam.web;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import nexus.iam.token.VerifiedAccessToken;

/**
 * A request authenticated by a verified access token, or (header-based authentication) by a
 * trusted proxy's identity headers, for which the principal is a stand-in token. The token is the
 * principal either way.
 */
final class AccessTokenAuthentication extends AbstractAuthenticationToken {

	private final VerifiedAccessToken token;

	private final boolean viaProxyHeaders;

	private AccessTokenAuthentication(VerifiedAccessToken token, boolean viaProxyHeaders) {
		super(List.of(new SimpleGrantedAuthority("ROLE_USER")));
		this.token = token;
		this.viaProxyHeaders = viaProxyHeaders;
		setAuthenticated(true);
	}

	static AccessTokenAuthentication ofToken(VerifiedAccessToken token) {
		return new AccessTokenAuthentication(token, false);
	}

	static AccessTokenAuthentication ofProxyHeaders(VerifiedAccessToken standIn) {
		return new AccessTokenAuthentication(standIn, true);
	}

	/** Whether a trusted proxy's headers, not a token of the request, named the user. */
	boolean viaProxyHeaders() {
		return this.viaProxyHeaders;
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
