package nexus.iam.passkey;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.device.ClientFactsResolver;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.TokenPair;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The signed-in user's passkeys: {@code /api/me/passkeys}, and a passkey as the second factor of a
 * step-up ({@code /api/me/passkeys/step-up}).
 */
@RestController
final class MyPasskeysController {

	private final PasskeyService passkeys;

	private final PasskeySignIn signIn;

	private final ClientFactsResolver clientFacts;

	private final PasskeyResponses responses;

	MyPasskeysController(PasskeyService passkeys, PasskeySignIn signIn, ClientFactsResolver clientFacts,
			PasskeyResponses responses) {
		this.passkeys = passkeys;
		this.signIn = signIn;
		this.clientFacts = clientFacts;
		this.responses = responses;
	}

	@PostMapping("/api/me/passkeys/options")
	ResponseEntity<Map<String, Object>> registrationOptions(@AuthenticationPrincipal VerifiedAccessToken token) {
		return options(this.passkeys.registrationOptions(token.userId(), token.sessionId()));
	}

	/** {@code {"name": optional, "credential": RegistrationResponseJSON}} → {@code 201} the passkey. */
	@PostMapping("/api/me/passkeys")
	ResponseEntity<PasskeyView> register(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody JsonNode body, HttpServletRequest request) {
		JsonNode credential = body.get("credential");
		if (!body.isObject() || credential == null || !credential.isObject()) {
			throw new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID,
					"Send {\"name\": \"…\", \"credential\": the browser's PublicKeyCredential.toJSON()}");
		}
		JsonNode name = body.get("name");
		if (name != null && !name.isNull() && !name.isString()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "name is a string");
		}
		PasskeyView passkey = this.passkeys.register(token.userId(), token.sessionId(),
				(name == null || name.isNull()) ? null : name.asString(), credential.toString(), request,
				this.clientFacts.describe(request));
		return ResponseEntity.created(URI.create("/api/me/passkeys/" + passkey.id()))
			.header(HttpHeaders.SET_COOKIE, this.responses.challengeSpent())
			.cacheControl(CacheControl.noStore())
			.body(passkey);
	}

	@GetMapping("/api/me/passkeys")
	ResponseEntity<Map<String, List<PasskeyView>>> list(@AuthenticationPrincipal VerifiedAccessToken token) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("passkeys", this.passkeys.list(token.userId())));
	}

	@PatchMapping("/api/me/passkeys/{id}")
	ResponseEntity<PasskeyView> rename(@AuthenticationPrincipal VerifiedAccessToken token, @PathVariable String id,
			@RequestBody JsonNode body, HttpServletRequest request) {
		JsonNode name = body.get("name");
		PasskeyView passkey = this.passkeys.rename(token.userId(), token.sessionId(), passkeyId(id),
				(name != null && name.isString()) ? name.asString() : null, ClientContexts.of(request));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(passkey);
	}

	@DeleteMapping("/api/me/passkeys/{id}")
	ResponseEntity<Void> remove(@AuthenticationPrincipal VerifiedAccessToken token, @PathVariable String id,
			HttpServletRequest request) {
		this.passkeys.remove(token.userId(), token.sessionId(), passkeyId(id), ClientContexts.of(request));
		return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
	}

	@PostMapping("/api/me/passkeys/step-up/options")
	ResponseEntity<Map<String, Object>> stepUpOptions(@AuthenticationPrincipal VerifiedAccessToken token) {
		return options(this.signIn.stepUpOptions(token.userId(), token.sessionId()));
	}

	/**
	 * A step-up with one of the user's passkeys: a new token pair for the same session with
	 * {@code mfa} in its {@code amr}; as cookies for a browser, in the body for other clients.
	 */
	@PostMapping("/api/me/passkeys/step-up")
	ResponseEntity<Map<String, Object>> stepUp(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody JsonNode body, HttpServletRequest request) {
		TokenPair tokens = this.signIn.stepUp(token.userId(), token.sessionId(), body.toString(), request,
				this.clientFacts.describe(request));
		boolean browser = request.getHeader(HttpHeaders.AUTHORIZATION) == null;
		HttpHeaders headers = new HttpHeaders();
		Map<String, Object> answer = new LinkedHashMap<>();
		if (browser) {
			this.responses.signedIn(headers, tokens, token.sessionId());
		}
		else {
			headers.add(HttpHeaders.SET_COOKIE, this.responses.challengeSpent());
			answer.put("access_token", tokens.accessToken());
			answer.put("refresh_token", tokens.refreshToken());
		}
		answer.put("token_type", "Bearer");
		answer.put("expires_in", this.responses.secondsUntil(tokens.accessTokenExpiresAt()));
		return ResponseEntity.ok().headers(headers).cacheControl(CacheControl.noStore()).body(answer);
	}

	private static ResponseEntity<Map<String, Object>> options(PasskeyService.Options options) {
		return ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE, options.issued().cookie().toString())
			.cacheControl(CacheControl.noStore())
			.body(options.json());
	}

	private static UUID passkeyId(@Nullable String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new ProblemException(ErrorCode.PASSKEY_NOT_FOUND);
		}
	}
}
