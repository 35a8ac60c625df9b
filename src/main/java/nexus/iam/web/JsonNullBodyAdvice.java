package nexus.iam.web;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * A JSON body that is the literal {@code null} is refused wherever the API documents an object.
 * Spring hands {@code null} to an optional {@code @RequestBody} both for no body and for
 * {@code null}, so an endpoint would take the second for the first and apply its defaults (for
 * {@code POST /api/me/sessions/revoke-all}: sign out everywhere). No body stays allowed where it is.
 */
@ControllerAdvice
final class JsonNullBodyAdvice extends RequestBodyAdviceAdapter {

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object afterBodyRead(@Nullable Object body, HttpInputMessage inputMessage, MethodParameter parameter,
			Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
		// only a body that was present gets here (an absent one goes to handleEmptyBody)
		if (body == null) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "The body is JSON null; send an object");
		}
		return body;
	}
}
