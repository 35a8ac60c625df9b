package nexus.iam.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;

/** 403 as problem details. */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		Problems.write(response, Problems.of(ErrorCode.FORBIDDEN));
	}
}
