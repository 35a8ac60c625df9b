package nexus.iam.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: errors raised outside MVC handlers (the servlet container,
 * filters) are problem details too, without the exception, message or stack trace.
 */
@RestController
final class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_HTML_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<?> error(HttpServletRequest request, HttpServletResponse response) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// no status: nothing failed, someone asked for /error itself, which is no page
		int code = (status instanceof Integer value) ? value : 404;
		ErrorCode errorCode = ErrorCodes.forStatus(code);
		if (code == 500 && DatabaseUnavailable.is((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
			// a filter (token check, rate limit) found no free database connection: busy, not broken
			code = 503;
			errorCode = ErrorCode.SERVICE_UNAVAILABLE;
			response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
		}
		ProblemDetail problem = Problems.of(errorCode);
		problem.setStatus(code);
		if (ProblemPages.wantsHtml(request)) {
			return ResponseEntity.status(code)
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
				.body(ProblemPages.render(problem, response.getHeader(RequestIdHeader.NAME)));
		}
		return ResponseEntity.status(code)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}
}
