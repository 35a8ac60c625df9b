package nexus.iam.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.problem.Problems;
import nexus.iam.session.RefreshOutcome.Refused;
import nexus.iam.session.RefreshOutcome.Rotated;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.TokenPair;
import nexus.iam.token.VerifiedAccessToken;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token endpoints: refresh (rotation), revocation (RFC 7009) and sign-out. Browsers hold
 * their tokens in cookies and get them back as cookies; other clients send and receive them in
 * the body, as OAuth 2.0 token responses (RFC 6749 section 5.1).
 */
@RestController
final class TokenEndpointsController {

	private final RefreshService refreshes;

	private final TokenRevocationService tokenRevocation;

	private final AuthCookies cookies;

	private final CsrfTokens csrfTokens;

	private final JsonMapper json;

	private final Clock clock;

	TokenEndpointsController(RefreshService refreshes, TokenRevocationService tokenRevocation,
			AuthCookies cookies, CsrfTokens csrfTokens, JsonMapper json, Clock clock) {
		this.csrfTokens = csrfTokens;
		this.refreshes = refreshes;
		this.tokenRevocation = tokenRevocation;
		this.cookies = cookies;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping("/api/auth/refresh")
	ResponseEntity<?> refresh(HttpServletRequest request) throws IOException {
		rejectTokensInTheUrl(request);
		String fromCookie = this.cookies.refreshToken(request);
		boolean browser = fromCookie != null;
		String presented = browser ? fromCookie : refreshTokenFromBody(request);
		if (presented == null) {
			throw new ProblemException(ErrorCode.REFRESH_TOKEN_MISSING);
		}
		RefreshOutcome outcome = this.refreshes.refresh(presented, ClientContexts.of(request));
		if (outcome instanceof Refused refused) {
			HttpHeaders headers = new HttpHeaders();
			if (browser) {
				this.cookies.clear(headers);
			}
			ErrorCode code = refused.reason().errorCode();
			return ResponseEntity.status(code.status())
				.headers(headers)
				.cacheControl(CacheControl.noStore())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.of(code));
		}
		TokenPair tokens = ((Rotated) outcome).tokens();
		Instant now = this.clock.instant();
		Map<String, Object> body = new LinkedHashMap<>();
		HttpHeaders headers = new HttpHeaders();
		if (browser) {
			this.cookies.write(headers, tokens, now);
			headers.set(CsrfTokens.HEADER, this.csrfTokens.tokenFor(((Rotated) outcome).sessionId()));
		}
		else {
			body.put("access_token", tokens.accessToken());
		}
		body.put("token_type", "Bearer");
		body.put("expires_in", seconds(now, tokens.accessTokenExpiresAt()));
		if (!browser) {
			body.put("refresh_token", tokens.refreshToken());
			body.put("refresh_token_expires_in", seconds(now, tokens.refreshTokenExpiresAt()));
		}
		return ResponseEntity.ok()
			.headers(headers)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.body(body);
	}

	/**
	 * RFC 7009 (see {@link TokenRevocationService}): a token that is not ours, or already dead,
	 * still gets 200 so that the answer reveals nothing.
	 */
	@PostMapping(path = "/api/auth/revoke")
	ResponseEntity<?> revoke(HttpServletRequest request) {
		if (!MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType(request))) {
			return invalidRequest("send token as application/x-www-form-urlencoded (RFC 7009)");
		}
		if (request.getQueryString() != null) {
			return invalidRequest("tokens are accepted in the body only, never in the URL");
		}
		if (isRepeated(request, "token") || isRepeated(request, "token_type_hint")) {
			// RFC 6749 section 3.2 (RFC 7009 section 2.1 builds on it): a parameter appears once
			return invalidRequest("token and token_type_hint must each appear once");
		}
		String token = request.getParameter("token");
		if (token == null || token.isBlank()) {
			return invalidRequest("the token parameter is missing");
		}
		this.tokenRevocation.revoke(token, request.getParameter("token_type_hint"), ClientContexts.of(request));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).build();
	}

	/** Ends the caller's session, found by its access token or else its refresh cookie. */
	@PostMapping("/api/auth/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal @Nullable VerifiedAccessToken principal,
			HttpServletRequest request) {
		Optional<UUID> sessionId = (principal != null) ? Optional.of(principal.sessionId())
				: this.tokenRevocation.sessionOfRefreshToken(this.cookies.refreshToken(request));
		if (principal == null && sessionId.isPresent()
				&& !this.csrfTokens.matches(sessionId.get(), request.getHeader(CsrfTokens.HEADER))) {
			// signed out by the refresh cookie alone: the filter could not know the session
			throw new ProblemException(ErrorCode.CSRF_TOKEN_INVALID, "The X-CSRF-Token header is missing or wrong");
		}
		sessionId.ifPresent((id) -> this.tokenRevocation.signOut(id, ClientContexts.of(request)));
		HttpHeaders headers = new HttpHeaders();
		this.cookies.clear(headers);
		return ResponseEntity.noContent().headers(headers).cacheControl(CacheControl.noStore()).build();
	}

	private @Nullable String refreshTokenFromBody(HttpServletRequest request) throws IOException {
		MediaType type = contentType(request);
		if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
			try {
				JsonNode body = this.json.readTree(request.getInputStream());
				JsonNode value = (body != null) ? body.get("refresh_token") : null;
				return (value != null && value.isString()) ? value.asString() : null;
			}
			catch (JacksonException ex) {
				throw new ProblemException(ErrorCode.INVALID_REQUEST, "The body is not valid JSON");
			}
		}
		if (isRepeated(request, "refresh_token")) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "refresh_token must appear once");
		}
		return request.getParameter("refresh_token");
	}

	private static boolean isRepeated(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return values != null && values.length > 1;
	}

	/**
	 * A token in a URL ends up in proxy and server logs: refuse it rather than use it. These
	 * endpoints take no query parameters at all, which also covers encoded parameter names.
	 */
	private static void rejectTokensInTheUrl(HttpServletRequest request) {
		if (request.getQueryString() != null) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "tokens are accepted in the body only, never in the URL");
		}
	}

	private static ResponseEntity<ProblemDetail> invalidRequest(String detail) {
		ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, detail);
		problem.setProperty("error", "invalid_request"); // RFC 7009 section 2.2.1 / RFC 6749 section 5.2
		return ResponseEntity.badRequest()
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static MediaType contentType(HttpServletRequest request) {
		try {
			return (request.getContentType() != null) ? MediaType.parseMediaType(request.getContentType())
					: MediaType.APPLICATION_OCTET_STREAM;
		}
		catch (RuntimeException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	private static long seconds(Instant now, Instant until) {
		return Math.max(0, Duration.between(now, until).toSeconds());
	}
}
