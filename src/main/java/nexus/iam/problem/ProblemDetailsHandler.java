package nexus.iam.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
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
	ResponseEntity<?> handleProblem(ProblemException ex, HttpServletRequest request, HttpServletResponse response) {
		ErrorCode code = ex.errorCode();
		if (code.status().is5xxServerError()) {
			log.warn("{}: {}", code.code(), ex.getMessage(), ex.getCause());
		}
		return response(Problems.of(code, ex.getMessage()), request, response);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<?> handleUnexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) {
		if (DatabaseUnavailable.is(ex)) {
			// no stack trace: under overload it would be logged once per refused request
			log.warn("{}: no database connection: {}", ErrorCode.SERVICE_UNAVAILABLE.code(), ex.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
			return response(Problems.of(ErrorCode.SERVICE_UNAVAILABLE), request, response);
		}
		log.error("Unhandled exception", ex);
		return response(Problems.of(ErrorCode.INTERNAL_ERROR), request, response);
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
	protected ResponseEntity<Object> handleNoResourceFoundException(
			org.springframework.web.servlet.resource.NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		// Spring's detail names the static-resource lookup ("No static resource x."): say only what a client needs
		return createResponseEntity(Problems.of(ErrorCode.NOT_FOUND, "Nothing is served at this path"), headers, status,
				request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
			ErrorCode code = ErrorCodes.forStatus(statusCode.value());
			problem.setType(code.type());
			problem.setProperty("code", code.code());
		}
		if (body instanceof ProblemDetail problem && request instanceof NativeWebRequest nativeRequest
				&& ProblemPages.wantsHtml(nativeRequest.getNativeRequest(HttpServletRequest.class))) {
			HttpServletResponse response = nativeRequest.getNativeResponse(HttpServletResponse.class);
			return new ResponseEntity<>(page(problem, response), htmlHeaders(headers), statusCode);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/** The error page for people, problem+json for every other client. */
	private static ResponseEntity<?> response(ProblemDetail problem, HttpServletRequest request,
			HttpServletResponse response) {
		if (ProblemPages.wantsHtml(request)) {
			return new ResponseEntity<>(page(problem, response), htmlHeaders(new HttpHeaders()),
					HttpStatusCode.valueOf(problem.getStatus()));
		}
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(problem);
	}

	private static String page(ProblemDetail problem, @Nullable HttpServletResponse response) {
		return ProblemPages.render(problem, (response != null) ? response.getHeader(RequestIdHeader.NAME) : null);
	}

	private static HttpHeaders htmlHeaders(HttpHeaders headers) {
		HttpHeaders html = new HttpHeaders();
		html.putAll(headers);
		html.setContentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8));
		html.setCacheControl("no-store");
		return html;
	}
}
