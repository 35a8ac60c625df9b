package nexus.iam.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/** {@code GET /api/auth/csrf}: the current session's CSRF token, for pages to send back. */
@RestController
final class CsrfController {

	private final CsrfTokens tokens;

	CsrfController(CsrfTokens tokens) {
		this.tokens = tokens;
	}

	@GetMapping("/api/auth/csrf")
	ResponseEntity<Map<String, String>> csrf(@AuthenticationPrincipal @Nullable VerifiedAccessToken token) {
		if (token == null) {
			throw new ProblemException(ErrorCode.UNAUTHENTICATED);
		}
		String value = this.tokens.tokenFor(token.sessionId());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header(CsrfTokens.HEADER, value)
			.body(Map.of("token", value, "header", CsrfTokens.HEADER));
	}
}
