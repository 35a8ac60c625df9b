package nexus.iam.problem;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 responses. Spring MVC's own exceptions (404, 405,
 * 415, bad parameters) get a {@code code} too; anything unexpected is logged and answered with a
 * bare 500 that reveals nothing.
 */
@RestControllerAdvice
final class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> handleProblem(ProblemException ex) {
		ErrorCode code = ex.errorCode();
		if (code.status().is5xxServerError()) {
			log.warn("{}: {}", code.code(), ex.getMessage(), ex.getCause());
		}
		return response(Problems.of(code, ex.getMessage()));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		log.error("Unhandled exception", ex);
		return response(Problems.of(ErrorCode.INTERNAL_ERROR));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring's message echoes the value and the target type: say only which parameter
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "a parameter";
		return createResponseEntity(Problems.of(ErrorCode.BAD_REQUEST, "The value of " + name + " is not valid"),
				headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
			ErrorCode code = ErrorCodes.forStatus(statusCode.value());
			problem.setType(code.type());
			problem.setProperty("code", code.code());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(problem);
	}
}
