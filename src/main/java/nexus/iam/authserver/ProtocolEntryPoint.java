package nexus.iam.authserver;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * An unauthenticated call to the provider's endpoints, answered in the RFCs' own shape: at userinfo
 * a bearer-token challenge ({@code invalid_token}, RFC 6750 §3), elsewhere (token, introspection,
 * revocation) {@code invalid_client} with a Basic challenge (RFC 6749 §5.2).
 */
final class ProtocolEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		boolean userinfo = "/userinfo".equals(request.getRequestURI());
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, userinfo ? "Bearer error=\"invalid_token\"" : "Basic realm=\"nexus\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(userinfo ? "{\"error\":\"invalid_token\"}" : "{\"error\":\"invalid_client\"}");
	}
}
