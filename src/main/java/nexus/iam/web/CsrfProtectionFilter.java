package nexus.iam.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;

/**
 * CSRF protection for requests that browsers authenticate with cookies. Two layers, both only for
 * state-changing methods and never for {@code Authorization: Bearer} requests (a forging page
 * cannot set that header):
 * <ol>
 * <li>a request that carries our cookies and says it comes from another site
 * ({@code Sec-Fetch-Site: cross-site}, or an {@code Origin} that is not allowed) is refused;
 * <li>a request authenticated by the access-token cookie must carry its session's token in
 * {@code X-CSRF-Token}, or, for an HTML form (which cannot set headers), in its
 * {@value #FORM_FIELD} field. Sign-out by the refresh cookie alone checks it itself, once it
 * knows the session.
 * </ol>
 */
final class CsrfProtectionFilter extends OncePerRequestFilter {

	/** The form field that carries the token when a page without scripts posts a form. */
	static final String FORM_FIELD = "csrf_token";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final CsrfTokens tokens;

	private final AuthCookies cookies;

	private final Set<String> allowedOrigins;

	/** Exempt from the token, not from the origin check: the features' {@code HttpSurface} says which, and why. */
	private final Set<String> tokenExempt;

	/** Exempt from both layers: protocol endpoints that other sites post forms to, which protect themselves. */
	private final Set<String> crossSiteForms;

	CsrfProtectionFilter(CsrfTokens tokens, AuthCookies cookies, Set<String> allowedOrigins, Set<String> tokenExempt,
			Set<String> crossSiteForms) {
		this.crossSiteForms = crossSiteForms;
		this.tokens = tokens;
		this.cookies = cookies;
		this.allowedOrigins = allowedOrigins;
		this.tokenExempt = tokenExempt;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (SAFE_METHODS.contains(request.getMethod())
				|| (authorization != null && AccessTokenAuthenticationFilter.bearerToken(authorization) != null)
				|| this.crossSiteForms.contains(RateLimitFilter.PATHS.getLookupPathForRequest(request))) {
			chain.doFilter(request, response);
			return;
		}
		boolean carriesCookies = this.cookies.accessToken(request) != null || this.cookies.refreshToken(request) != null;
		// a proxy's identity headers ride on whatever the browser sent the proxy: same rule
		boolean proxyVouched = SecurityContextHolder.getContext().getAuthentication() instanceof AccessTokenAuthentication a
				&& a.viaProxyHeaders();
		if ((carriesCookies || proxyVouched) && crossSite(request)) {
			reject(response, "The request comes from another site");
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!this.tokenExempt.contains(RateLimitFilter.PATHS.getLookupPathForRequest(request))
				&& authentication instanceof AccessTokenAuthentication cookieAuthenticated
				&& !cookieAuthenticated.viaProxyHeaders() && !this.tokens
			.matches(cookieAuthenticated.getPrincipal().sessionId(), presentedToken(request))) {
			reject(response, "The X-CSRF-Token header is missing or wrong");
			return;
		}
		chain.doFilter(request, response);
	}

	private static @Nullable String presentedToken(HttpServletRequest request) {
		String header = request.getHeader(CsrfTokens.HEADER);
		if (header != null) {
			return header;
		}
		return isForm(request) ? request.getParameter(FORM_FIELD) : null;
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		try {
			return contentType != null
					&& MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private boolean crossSite(HttpServletRequest request) {
		if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
			return true;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		return origin != null && !this.allowedOrigins.contains(origin);
	}

	private static void reject(HttpServletResponse response, String detail) throws IOException {
		Problems.write(response, Problems.of(ErrorCode.CSRF_TOKEN_INVALID, detail));
	}
}
