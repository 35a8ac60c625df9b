package nexus.iam.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.device.ClientRequests;

/**
 * The one place that decides who the client is. The client address is the socket's peer unless
 * that peer is a trusted proxy; then it is the right-most address of {@code X-Forwarded-For} that
 * is not itself a trusted proxy (addresses further left were written by the client and prove
 * nothing). {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} count only from trusted peers
 * too, and such requests carry {@link ClientRequests#TRUSTED_PROXY_ATTRIBUTE} for the other headers
 * a proxy adds. Everything downstream (sessions, audit, CORS, HSTS) reads the corrected request.
 */
final class TrustedProxyFilter extends OncePerRequestFilter {

	private final List<IpAddressMatcher> trusted;

	TrustedProxyFilter(List<String> trustedProxies) {
		this.trusted = trustedProxies.stream().map(IpAddressMatcher::new).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.trusted.isEmpty() || !isTrusted(request.getRemoteAddr())) {
			chain.doFilter(request, response);
			return;
		}
		request.setAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE, Boolean.TRUE);
		chain.doFilter(new ForwardedRequest(request, clientAddress(request), header(request, "X-Forwarded-Proto"),
				header(request, "X-Forwarded-Host")), response);
	}

	private String clientAddress(HttpServletRequest request) {
		// every header line, in order: a proxy may add its own line instead of appending
		String forwarded = String.join(",", java.util.Collections.list(request.getHeaders("X-Forwarded-For")));
		if (forwarded.isBlank()) {
			return request.getRemoteAddr();
		}
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].strip();
			if (hop.isEmpty() || !isAddress(hop)) {
				break; // garbage: stop at the last proxy we trust
			}
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return request.getRemoteAddr();
	}

	private boolean isTrusted(String address) {
		for (IpAddressMatcher matcher : this.trusted) {
			try {
				if (matcher.matches(address)) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		return false;
	}

	/** A literal IPv4 or IPv6 address, never a host name (which would make us resolve it). */
	private static boolean isAddress(String value) {
		return value.length() <= 45 && value.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
	}

	private static @Nullable String header(HttpServletRequest request, String name) {
		String value = request.getHeader(name);
		if (value == null) {
			return null;
		}
		int comma = value.indexOf(',');
		return ((comma >= 0) ? value.substring(0, comma) : value).strip();
	}

	/** The request as the client sent it to the proxy. */
	private static final class ForwardedRequest extends HttpServletRequestWrapper {

		private final String remoteAddr;

		private final @Nullable String scheme;

		private final @Nullable String host;

		private final int port;

		ForwardedRequest(HttpServletRequest request, String remoteAddr, @Nullable String proto,
				@Nullable String host) {
			super(request);
			this.remoteAddr = remoteAddr;
			this.scheme = ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) ? proto.toLowerCase()
					: null;
			String name = host;
			int port = -1;
			if (host != null && host.matches("^[A-Za-z0-9.-]+(:\\d{1,5})?$")) {
				int colon = host.lastIndexOf(':');
				if (colon > 0) {
					name = host.substring(0, colon);
					port = Integer.parseInt(host.substring(colon + 1));
				}
			}
			else {
				name = null;
			}
			this.host = name;
			this.port = port;
		}

		@Override
		public String getRemoteAddr() {
			return this.remoteAddr;
		}

		@Override
		public String getRemoteHost() {
			return this.remoteAddr;
		}

		@Override
		public String getScheme() {
			return (this.scheme != null) ? this.scheme : super.getScheme();
		}

		@Override
		public boolean isSecure() {
			return (this.scheme != null) ? "https".equals(this.scheme) : super.isSecure();
		}

		@Override
		public String getServerName() {
			return (this.host != null) ? this.host : super.getServerName();
		}

		@Override
		public int getServerPort() {
			if (this.host == null) {
				return super.getServerPort();
			}
			if (this.port != -1) {
				return this.port;
			}
			return "https".equals(getScheme()) ? 443 : 80;
		}
	}
}
