package nexus.iam.passkey;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.device.ClientFactsResolver;
import nexus.iam.login.ReturnToPolicy;
import nexus.iam.login.SignInOutcome.SignedIn;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;

/**
 * Sign-in with a passkey: public and rate-limited, no CSRF token (there is no session yet; the
 * challenge, bound to this browser by a {@code SameSite=Strict} cookie, is what a forged request
 * cannot have).
 */
@RestController
final class PasskeySignInController {

	private final PasskeySignIn signIn;

	private final ClientFactsResolver clientFacts;

	private final ReturnToPolicy returnTo;

	private final PasskeyResponses responses;

	PasskeySignInController(PasskeySignIn signIn, ClientFactsResolver clientFacts, ReturnToPolicy returnTo,
			PasskeyResponses responses) {
		this.signIn = signIn;
		this.clientFacts = clientFacts;
		this.returnTo = returnTo;
		this.responses = responses;
	}

	@PostMapping("/api/auth/passkey/options")
	ResponseEntity<Map<String, Object>> options() {
		PasskeyService.Options options = this.signIn.signInOptions();
		return ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE, options.issued().cookie().toString())
			.cacheControl(CacheControl.noStore())
			.body(options.json());
	}

	/** {@code AuthenticationResponseJSON} → the session's cookies and {@code {"return_to": …}}. */
	@PostMapping("/api/auth/passkey")
	ResponseEntity<Map<String, Object>> signIn(@RequestBody JsonNode body,
			@RequestParam(name = "return_to", required = false) @Nullable String returnTo, HttpServletRequest request) {
		String target = this.returnTo.check(returnTo);
		SignedIn signedIn = this.signIn.signIn(body.toString(), request, this.clientFacts.describe(request));
		HttpHeaders headers = new HttpHeaders();
		this.responses.signedIn(headers, signedIn.tokens(), signedIn.sessionId());
		return ResponseEntity.ok()
			.headers(headers)
			.cacheControl(CacheControl.noStore())
			.body(Map.of("return_to", target));
	}
}
