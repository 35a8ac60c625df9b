package nexus.iam.clientregistry;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.clientregistry.ClientRegistrations.Access;
import nexus.iam.clientregistry.ClientRegistrations.Answer;
import nexus.iam.clientregistry.ClientRegistrations.Caller;
import nexus.iam.config.AdminProperties;
import nexus.iam.config.NexusProperties;

/**
 * OAuth 2.0 Dynamic Client Registration (RFC 7591) with Nexus's admin token as the initial access
 * token, and the client configuration endpoint (RFC 7592) with the client's registration access
 * token or the admin token. Errors are RFC 7591 §3.2.2's JSON, not problem documents.
 */
@RestController
final class ClientRegistrationController {

	private final ClientRegistrations registrations;

	private final AdminProperties admin;

	private final String baseUrl;

	ClientRegistrationController(ClientRegistrations registrations, AdminProperties admin, NexusProperties nexus) {
		this.registrations = registrations;
		this.admin = admin;
		this.baseUrl = nexus.baseUrl();
	}

	@PostMapping(ClientRegistrationEndpoint.PATH)
	ResponseEntity<Map<String, Object>> register(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		String token = bearer(authorization);
		if (!isAdmin(token)) {
			throw new RegistrationAccessDenied(token != null);
		}
		Answer answer = this.registrations.register(body, caller(Access.ADMIN, request));
		return answer(HttpStatus.CREATED, answer, answer.registrationAccessToken());
	}

	@GetMapping(ClientRegistrationEndpoint.CLIENT_PATH)
	ResponseEntity<Map<String, Object>> read(@PathVariable("client_id") String clientId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		String token = bearer(authorization);
		Access access = access(clientId, token);
		Answer answer = this.registrations.read(clientId).orElseThrow(() -> new RegistrationAccessDenied(true));
		return answer(HttpStatus.OK, answer, (access == Access.REGISTRATION_TOKEN) ? token : null);
	}

	@PutMapping(ClientRegistrationEndpoint.CLIENT_PATH)
	ResponseEntity<Map<String, Object>> update(@PathVariable("client_id") String clientId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		String token = bearer(authorization);
		Access access = access(clientId, token);
		Answer answer = this.registrations.update(clientId, body, caller(access, request))
			.orElseThrow(() -> new RegistrationAccessDenied(true));
		return answer(HttpStatus.OK, answer, (access == Access.REGISTRATION_TOKEN) ? token : null);
	}

	@DeleteMapping(ClientRegistrationEndpoint.CLIENT_PATH)
	ResponseEntity<Void> delete(@PathVariable("client_id") String clientId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			HttpServletRequest request) {
		Access access = access(clientId, bearer(authorization));
		if (!this.registrations.delete(clientId, caller(access, request))) {
			throw new RegistrationAccessDenied(true);
		}
		return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> refused(RegistrationException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.error(), ex.getMessage(), null);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> denied(RegistrationAccessDenied ex) {
		String challenge = ex.tokenPresented() ? "Bearer error=\"invalid_token\"" : "Bearer";
		return error(HttpStatus.UNAUTHORIZED, RegistrationError.INVALID_TOKEN,
				ex.tokenPresented() ? "The bearer token is not good for this request"
						: "An initial access token or registration access token is required (Authorization: Bearer)",
				challenge);
	}

	/** The admin token, else the client's registration access token; anything else is 401. */
	private Access access(String clientId, @Nullable String token) {
		if (isAdmin(token)) {
			return Access.ADMIN;
		}
		if (token != null && this.registrations.registrationTokenMatches(clientId, token)) {
			return Access.REGISTRATION_TOKEN;
		}
		throw new RegistrationAccessDenied(token != null);
	}

	private boolean isAdmin(@Nullable String token) {
		return this.admin.isToken(token);
	}

	private ResponseEntity<Map<String, Object>> answer(HttpStatus status, Answer answer,
			@Nullable String registrationAccessToken) {
		Map<String, Object> body = new LinkedHashMap<>();
		String clientId = (String) answer.metadata().get("client_id");
		body.put("client_id", clientId);
		if (answer.clientSecret() != null) {
			body.put("client_secret", answer.clientSecret());
		}
		body.put("client_id_issued_at", answer.issuedAt().getEpochSecond());
		if (AuthenticationMethod.of(String.valueOf(answer.metadata().get("token_endpoint_auth_method")))
			.map(AuthenticationMethod::usesSecret)
			.orElse(false)) {
			body.put("client_secret_expires_at", 0); // never expires
		}
		if (registrationAccessToken != null) {
			body.put("registration_access_token", registrationAccessToken);
		}
		body.put("registration_client_uri", this.baseUrl + ClientRegistrationEndpoint.PATH + "/" + clientId);
		answer.metadata().forEach(body::putIfAbsent);
		return ResponseEntity.status(status)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body);
	}

	/** RFC 7591 §3.2.2's error response. */
	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, RegistrationError error,
			@Nullable String description, @Nullable String challenge) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_JSON);
		if (challenge != null) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.code());
		if (description != null) {
			body.put("error_description", description);
		}
		return response.body(body);
	}

	private static Caller caller(Access access, HttpServletRequest request) {
		return new Caller(access, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
	}

	private static @Nullable String bearer(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String token = authorization.substring(7).strip();
		return token.isEmpty() ? null : token;
	}
}
