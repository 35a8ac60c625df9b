package nexus.iam.web;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;

/**
 * The one door every request passes: the Accept and Content-Type headers are parsed, and cookies,
 * the query string and a form body decoded, here and once, by Tomcat's strict parsers, so that no
 * controller ever meets a value that cannot be read. A failure is a problem document:
 * <ul>
 * <li>an Accept that is no list of media types: {@code 400 invalid_request};</li>
 * <li>a Content-Type that is no single concrete media type: {@code 415 unsupported_media_type};</li>
 * <li>undecodable percent-encoding, invalid or overlong UTF-8, too many parameters:
 * {@code 400 invalid_request};</li>
 * <li>too many cookies: {@code 431 too_many_cookies}.</li>
 * </ul>
 * Forms are read as UTF-8 whatever charset they declare (Spring Boot's forced request encoding).
 * Parameter names and values then pass Spring Security's firewall (no control characters; see
 * {@code SecurityConfiguration#firewall}), whose refusal is a {@code 400 invalid_request} too. Runs
 * after {@link RequestSizeFilter}, so that an oversized form is refused before it is read.
 */
final class RequestDecodingFilter extends OncePerRequestFilter {

	private final int maxParameters;

	RequestDecodingFilter(RequestLimitsProperties limits) {
		this.maxParameters = limits.maxParameters();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!hasMediaTypes(request)) {
			Problems.write(request, response, Problems.of(ErrorCode.INVALID_REQUEST, "The Accept header is not a list of media types"));
			return;
		}
		if (!hasConcreteContentType(request)) {
			Problems.write(request, response, Problems.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type is not a media type"));
			return;
		}
		try {
			request.getCookies();
		}
		catch (IllegalArgumentException ex) {
			// Tomcat's maxCookieCount; the message names the limit only
			Problems.write(request, response, Problems.of(ErrorCode.TOO_MANY_COOKIES));
			return;
		}
		try {
			// the firewall's wrapper checks every name and value as it hands them out
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			Problems.write(request, response, (ex.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE)
					? Problems.of(ErrorCode.PAYLOAD_TOO_LARGE)
					: Problems.of(ErrorCode.INVALID_REQUEST, "The query string or form is not valid UTF-8 percent-encoding,"
							+ " or has more than " + this.maxParameters + " parameters"));
			return;
		}
		chain.doFilter(request, response);
	}

	/** Spring MVC parses Accept when it writes an answer, errors included: it must parse. */
	private static boolean hasMediaTypes(HttpServletRequest request) {
		try {
			MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
			return true;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** Absent, or one media type without wildcards (which no body can be). */
	private static boolean hasConcreteContentType(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return true;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return !type.isWildcardType() && !type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}
}
