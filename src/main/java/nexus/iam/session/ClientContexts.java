package nexus.iam.session;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/** Reads a {@link ClientContext} off a request. */
public final class ClientContexts {

	private ClientContexts() {
	}

	// the client address as web's TrustedProxyFilter corrected it (the peer, unless a trusted proxy)
	public static ClientContext of(HttpServletRequest request) {
		return new ClientContext(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
	}
}
