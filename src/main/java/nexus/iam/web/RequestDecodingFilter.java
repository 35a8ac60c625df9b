package nexus.iam.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;

/**
 * The one door every request passes: cookies, the query string and a form body are decoded here,
 * once, by Tomcat's strict parsers, so that no controller ever meets a value that cannot be read.
 * A failure is a problem document: undecodable percent-encoding, invalid UTF-8 or too many
 * parameters {@code 400 invalid_request}, too many cookies {@code 431 too_many_cookies}. Forms
 * are read as UTF-8 whatever charset they declare (Spring Boot's forced request encoding).
 * Parameter names and values then pass Spring Security's firewall (no control characters; see
 * {@code SecurityConfiguration#firewall}), whose refusal is a {@code 400 invalid_request} too. Runs after {@link RequestSizeFilter}, so that an
 * oversized form is refused before it is read.
 */
final class RequestDecodingFilter extends OncePerRequestFilter {

	private final int maxParameters;

	RequestDecodingFilter(RequestLimitsProperties limits) {
		this.maxParameters = limits.maxParameters();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getCookies();
		}
		catch (IllegalArgumentException ex) {
			// Tomcat's maxCookieCount; the message names the limit only
			Problems.write(response, Problems.of(ErrorCode.TOO_MANY_COOKIES));
			return;
		}
		try {
			// the firewall's wrapper checks every name and value as it hands them out
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			Problems.write(response, (ex.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE)
					? Problems.of(ErrorCode.PAYLOAD_TOO_LARGE)
					: Problems.of(ErrorCode.INVALID_REQUEST, "The query string or form is not valid UTF-8 percent-encoding,"
							+ " or has more than " + this.maxParameters + " parameters"));
			return;
		}
		chain.doFilter(request, response);
	}
}
