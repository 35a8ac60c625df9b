package nexus.iam.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;
import nexus.iam.token.AccessTokenRejectedException.Reason;

/**
 * 401 as problem details, with an RFC 6750 {@code WWW-Authenticate} challenge. An expired token
 * is told apart (clients refresh on it); every other rejection is the same {@code invalid_token}.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		Object rejection = request.getAttribute(AccessTokenAuthenticationFilter.REJECTION_ATTRIBUTE);
		ErrorCode code;
		if (rejection == null) {
			code = ErrorCode.UNAUTHENTICATED;
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		else {
			code = (rejection == Reason.EXPIRED) ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN;
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
					+ ((rejection == Reason.EXPIRED) ? "The access token expired" : "The access token is invalid")
					+ "\"");
		}
		Problems.write(response, Problems.of(code));
	}
}
