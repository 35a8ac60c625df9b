package nexus.iam.authserver;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the browser's Nexus session the resource owner of an authorization request (and of a
 * consent posted back), before Spring Authorization Server reads the request. Refreshed cookies
 * go out with whatever the response is.
 */
final class BrowserSessionFilter extends OncePerRequestFilter {

	private final RequestMatcher authorizationEndpoint;

	private final BrowserSessions sessions;

	BrowserSessionFilter(RequestMatcher authorizationEndpoint, BrowserSessions sessions) {
		this.authorizationEndpoint = authorizationEndpoint;
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.authorizationEndpoint.matches(request)) {
			HttpHeaders headers = new HttpHeaders();
			SessionPrincipal principal = this.sessions.of(request, headers);
			headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			if (principal != null) {
				SecurityContextHolder.setContext(new SecurityContextImpl(principal));
			}
		}
		chain.doFilter(request, response);
	}
}
