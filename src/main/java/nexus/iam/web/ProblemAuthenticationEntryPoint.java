package nexus.iam.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;

/**
 * 401 as problem details, with an RFC 6750 {@code WWW-Authenticate} challenge. Expired and revoked
 * tokens are told apart (a client refreshes on the first and signs in again on the second); every
 * other rejection is the same {@code invalid_token}.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		ErrorCode code = (request.getAttribute(AccessTokenAuthenticationFilter.REJECTION_ATTRIBUTE) instanceof ErrorCode c)
				? c : ErrorCode.UNAUTHENTICATED;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, (code == ErrorCode.UNAUTHENTICATED) ? "Bearer"
				: "Bearer error=\"invalid_token\", error_description=\"" + code.title() + "\"");
		Problems.write(response, Problems.of(code));
	}
}
