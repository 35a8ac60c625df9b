package nexus.iam.mfa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.TokenPair;
import nexus.iam.token.VerifiedAccessToken;

/**
 * {@code /api/me/mfa}: the caller's second factor. Every answer is {@code no-store}: secrets,
 * recovery codes and tokens pass through here.
 */
@RestController
final class MfaController {

	private final MfaService mfa;

	private final AuthCookies cookies;

	private final CsrfTokens csrfTokens;

	private final Clock clock;

	MfaController(MfaService mfa, AuthCookies cookies, CsrfTokens csrfTokens, Clock clock) {
		this.mfa = mfa;
		this.cookies = cookies;
		this.csrfTokens = csrfTokens;
		this.clock = clock;
	}

	@GetMapping("/api/me/mfa")
	ResponseEntity<Map<String, Object>> status(@AuthenticationPrincipal VerifiedAccessToken token) {
		MfaStatus status = this.mfa.status(token.userId());
		return noStore(Map.of("totp", status.totp().value(), "recovery_codes_left", status.recoveryCodesLeft()));
	}

	@PostMapping("/api/me/mfa/totp")
	ResponseEntity<Map<String, Object>> start(@AuthenticationPrincipal VerifiedAccessToken token,
			HttpServletRequest request) {
		Enrolment enrolment = this.mfa.startEnrolment(token.userId(), ClientContexts.of(request));
		return noStore(Map.of("secret", enrolment.secret(), "otpauth_uri", enrolment.otpauthUri(), "qr_png",
				enrolment.qrPng()));
	}

	@PostMapping("/api/me/mfa/totp/confirm")
	ResponseEntity<Map<String, Object>> confirm(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody(required = false) @Nullable CodeRequest body, HttpServletRequest request) {
		if (body == null || body.code() == null || body.code().isBlank()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "Send {\"code\": \"123456\"}");
		}
		List<String> codes = this.mfa.confirm(token.userId(), body.code(), ClientContexts.of(request));
		return noStore(Map.of("totp", MfaStatus.State.ENABLED.value(), "recovery_codes", codes));
	}

	/**
	 * Step-up: a new token pair for the same session, with {@code otp} in its {@code amr}. A
	 * browser gets it as cookies (and the CSRF header, as after a refresh), other clients in the
	 * body, shaped like {@code /api/auth/refresh}'s answer.
	 */
	@PostMapping("/api/me/mfa/verify")
	ResponseEntity<Map<String, Object>> verify(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody(required = false) @Nullable CodeRequest body, HttpServletRequest request) {
		TokenPair tokens = this.mfa.stepUp(token.userId(), token.sessionId(), proof(body), ClientContexts.of(request));
		Instant now = this.clock.instant();
		boolean browser = request.getHeader(HttpHeaders.AUTHORIZATION) == null;
		HttpHeaders headers = new HttpHeaders();
		Map<String, Object> answer = new LinkedHashMap<>();
		if (browser) {
			this.cookies.write(headers, tokens, now);
			headers.set(CsrfTokens.HEADER, this.csrfTokens.tokenFor(token.sessionId()));
		}
		else {
			answer.put("access_token", tokens.accessToken());
		}
		answer.put("token_type", "Bearer");
		answer.put("expires_in", seconds(now, tokens.accessTokenExpiresAt()));
		if (!browser) {
			answer.put("refresh_token", tokens.refreshToken());
			answer.put("refresh_token_expires_in", seconds(now, tokens.refreshTokenExpiresAt()));
		}
		return ResponseEntity.ok()
			.headers(headers)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.body(answer);
	}

	/** Ten new recovery codes in place of all the old ones, for a current code from the app only. */
	@PostMapping("/api/me/mfa/recovery-codes")
	ResponseEntity<Map<String, Object>> regenerateRecoveryCodes(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody(required = false) @Nullable CodeRequest body, HttpServletRequest request) {
		if (body == null || body.code() == null || body.code().isBlank()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST,
					"Send {\"code\": \"123456\"} with a current code from the app; a recovery code cannot make new ones");
		}
		List<String> codes = this.mfa.regenerateRecoveryCodes(token.userId(), body.code(), ClientContexts.of(request));
		return noStore(Map.of("recovery_codes", codes));
	}

	@DeleteMapping("/api/me/mfa/totp")
	ResponseEntity<Void> disable(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody(required = false) @Nullable CodeRequest body, HttpServletRequest request) {
		this.mfa.disable(token.userId(), proof(body), ClientContexts.of(request));
		return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
	}

	private static Proof proof(@Nullable CodeRequest body) {
		Proof proof = (body != null) ? Proof.of(body.code(), body.recoveryCode()) : Proof.of(null, null);
		if (proof.isEmpty()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST,
					"Send {\"code\": \"123456\"} or {\"recovery_code\": \"…\"}");
		}
		return proof;
	}

	private static ResponseEntity<Map<String, Object>> noStore(Map<String, Object> body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	private static long seconds(Instant now, Instant until) {
		return Math.max(0, Duration.between(now, until).toSeconds());
	}

	/** The body of confirm, verify, disable and the recovery codes' renewal. */
	record CodeRequest(@Nullable String code, @JsonProperty("recovery_code") @Nullable String recoveryCode) {
	}
}
