package nexus.iam.device;

import jakarta.servlet.http.HttpServletRequest;

/** What the HTTP edge tells this package about a request. */
public final class ClientRequests {

	/**
	 * Request attribute set to {@link Boolean#TRUE} by the web package's trusted-proxy filter when the
	 * socket peer is a configured trusted proxy: only then can headers that such a proxy adds (the
	 * client address, Cloudflare's location headers) mean anything.
	 */
	public static final String TRUSTED_PROXY_ATTRIBUTE = ClientRequests.class.getName() + ".trustedProxy";

	private ClientRequests() {
	}

	public static boolean viaTrustedProxy(HttpServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(TRUSTED_PROXY_ATTRIBUTE));
	}
}
