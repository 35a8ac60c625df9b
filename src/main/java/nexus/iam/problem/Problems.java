package nexus.iam.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

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

	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
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
