package nexus.iam.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.json.JsonMapper;

/** Builds problem details and writes them where no MVC handler runs (security filters). */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static ProblemDetail of(ErrorCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
		problem.setType(code.type());
		problem.setTitle(code.title());
		problem.setProperty("code", code.code());
		return problem;
	}

	public static ProblemDetail of(ErrorCode code) {
		return of(code, code.title());
	}

	/**
	 * Writes the problem for the request being served: the error page when it asks for HTML, else
	 * problem+json. Finds the request through Spring's request context (set for every filter after
	 * the first few); without one, problem+json.
	 */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		HttpServletRequest request = (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current)
				? current.getRequest() : null;
		write(request, response, problem);
	}

	/** Writes the problem: the error page when the request asks for HTML, else problem+json. */
	public static void write(@Nullable HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (ProblemPages.wantsHtml(request)) {
			ProblemPages.write(response, problem);
			return;
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader("Cache-Control", "no-store");
		// the same members as Spring MVC renders, without relying on its message converters
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		JSON.writeValue(response.getOutputStream(), body);
	}
}
