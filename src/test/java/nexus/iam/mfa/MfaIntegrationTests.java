package nexus.iam.mfa;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Base32Text;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/me/mfa} and the two-factor pages, end to end over HTTP with the test clock. */
class MfaIntegrationTests extends IntegrationTest {

	private final TokenClient client = new TokenClient(baseUrl());

	private final Totp totp = new Totp();

	@Test
	void enrolConfirmThenStepUpGivesOtpInAmrAndRefreshKeepsIt() throws Exception {
		Tokens tokens = signIn();
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("totp").asString()).isEqualTo("off");

		HttpResponse<String> started = post("/api/me/mfa/totp", tokens.access(), null);
		assertThat(started.statusCode()).isEqualTo(200);
		assertThat(started.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		JsonNode enrolment = TokenClient.json(started);
		byte[] secret = Base32Text.decode(enrolment.get("secret").asString());
		assertThat(secret).hasSize(20);
		assertThat(enrolment.get("otpauth_uri").asString()).startsWith("otpauth://totp/Nexus%20IAM:")
			.contains("secret=" + enrolment.get("secret").asString(), "issuer=Nexus%20IAM");
		assertThat(enrolment.get("qr_png").asString()).startsWith("data:image/png;base64,iVBOR");
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("totp").asString()).isEqualTo("pending");

		HttpResponse<String> confirmed = post("/api/me/mfa/totp/confirm", tokens.access(), code(codeNow(secret)));
		assertThat(confirmed.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(confirmed).get("recovery_codes")).hasSize(10);
		JsonNode status = TokenClient.json(get("/api/me/mfa", tokens.access()));
		assertThat(status.get("totp").asString()).isEqualTo("enabled");
		assertThat(status.get("recovery_codes_left").asInt()).isEqualTo(10);
		assertThat(outbox(tokens, "totp_enabled")).isEqualTo(1);
		assertThat(audit(tokens, "mfa_enabled")).isEqualTo(1);
		assertThat(TokenClient.json(get("/api/me/events", tokens.access())).get("events").get(0).get("type").asString())
			.as("the user's own history shows it")
			.isEqualTo("mfa_enabled");

		this.clock.advance(Duration.ofSeconds(30));
		String code = codeNow(secret);
		HttpResponse<String> stepUp = post("/api/me/mfa/verify", tokens.access(), code(code));
		assertThat(stepUp.statusCode()).isEqualTo(200);
		Tokens stepped = Tokens.of(stepUp);
		assertThat(claims(stepped.access()).getStringListClaim("amr")).contains("otp");
		assertThat(claims(stepped.access()).getStringClaim("sid")).isEqualTo(claims(tokens.access()).getStringClaim("sid"));
		assertThat(audit(tokens, "mfa_verified")).isEqualTo(1);

		HttpResponse<String> refreshed = this.client.refresh(stepped.refresh());
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(claims(Tokens.of(refreshed).access()).getStringListClaim("amr")).contains("otp");
		// the pair the step-up replaced is spent
		assertThat(this.client.refresh(tokens.refresh()).statusCode()).isEqualTo(401);

		HttpResponse<String> replay = post("/api/me/mfa/verify", stepped.access(), code(code));
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(replay).get("code").asString()).isEqualTo("mfa_code_replayed");
	}

	@Test
	void verifyWhenRecoveryCodeThenWorksOnce() throws Exception {
		Tokens tokens = signIn();
		List<String> recoveryCodes = enable(tokens);

		HttpResponse<String> first = post("/api/me/mfa/verify", tokens.access(), recovery(recoveryCodes.get(3)));
		HttpResponse<String> second = post("/api/me/mfa/verify", tokens.access(), recovery(recoveryCodes.get(3)));

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(claims(Tokens.of(first).access()).getStringListClaim("amr")).contains("otp");
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(second).get("code").asString()).isEqualTo("mfa_code_invalid");
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("recovery_codes_left").asInt()).isEqualTo(9);
	}

	@Test
	void disableWhenWrongCodeThenRefusedAndWhenCurrentCodeThenOffAndMailed() throws Exception {
		Tokens tokens = signIn();
		byte[] secret = enableReturningSecret(tokens);
		this.clock.advance(Duration.ofSeconds(30));

		HttpResponse<String> noCode = delete("/api/me/mfa/totp", tokens.access(), "{}");
		HttpResponse<String> wrong = delete("/api/me/mfa/totp", tokens.access(), code(wrongCode(secret)));
		assertThat(noCode.statusCode()).isEqualTo(400);
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(wrong).get("code").asString()).isEqualTo("mfa_code_invalid");
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("totp").asString()).isEqualTo("enabled");

		HttpResponse<String> disabled = delete("/api/me/mfa/totp", tokens.access(), code(codeNow(secret)));

		assertThat(disabled.statusCode()).isEqualTo(204);
		JsonNode status = TokenClient.json(get("/api/me/mfa", tokens.access()));
		assertThat(status.get("totp").asString()).isEqualTo("off");
		assertThat(status.get("recovery_codes_left").asInt()).isZero();
		assertThat(outbox(tokens, "totp_disabled")).isEqualTo(1);
		assertThat(audit(tokens, "mfa_disabled")).isEqualTo(1);
		assertThat(audit(tokens, "mfa_failed")).isEqualTo(1);
	}

	@Test
	void regenerateRecoveryCodesWhenCurrentCodeThenTheNewOnesWorkOnceAndTheOldOnesNoLonger() throws Exception {
		Tokens tokens = signIn();
		Enabled enabled = enableWithCodes(tokens);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(post("/api/me/mfa/verify", tokens.access(), recovery(enabled.recoveryCodes().get(0))).statusCode())
			.isEqualTo(200);

		HttpResponse<String> regenerated = post("/api/me/mfa/recovery-codes", tokens.access(),
				code(codeNow(enabled.secret())));

		assertThat(regenerated.statusCode()).isEqualTo(200);
		assertThat(regenerated.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		List<String> fresh = TokenClient.json(regenerated)
			.get("recovery_codes")
			.valueStream()
			.map(JsonNode::asString)
			.toList();
		assertThat(fresh).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(enabled.recoveryCodes());
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("recovery_codes_left").asInt())
			.isEqualTo(10);
		HttpResponse<String> old = post("/api/me/mfa/verify", tokens.access(), recovery(enabled.recoveryCodes().get(1)));
		assertThat(old.statusCode()).as("an old, unused code").isEqualTo(400);
		assertThat(TokenClient.json(old).get("code").asString()).isEqualTo("mfa_code_invalid");
		assertThat(post("/api/me/mfa/verify", tokens.access(), recovery(fresh.get(0))).statusCode()).isEqualTo(200);
		assertThat(post("/api/me/mfa/verify", tokens.access(), recovery(fresh.get(0))).statusCode())
			.as("once only")
			.isEqualTo(400);
		assertThat(outbox(tokens, "recovery_codes_regenerated")).isEqualTo(1);
		assertThat(audit(tokens, "mfa_recovery_codes_regenerated")).isEqualTo(1);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM user_recovery_codes WHERE user_id = ?::uuid",
					claims(tokens.access()).getSubject()))
				.as("the old rows, used ones included, are gone")
				.isEqualTo(10);
		}
	}

	@Test
	void regenerateRecoveryCodesWhenProofMissingWrongOrARecoveryCodeThenRefusedAndNothingChanges() throws Exception {
		Tokens tokens = signIn();
		Enabled enabled = enableWithCodes(tokens);
		String path = "/api/me/mfa/recovery-codes";

		HttpResponse<String> noBody = post(path, tokens.access(), null);
		HttpResponse<String> noCode = post(path, tokens.access(), "{}");
		HttpResponse<String> recoveryCode = post(path, tokens.access(), recovery(enabled.recoveryCodes().get(0)));
		HttpResponse<String> replayed = post(path, tokens.access(), code(codeNow(enabled.secret())));
		this.clock.advance(Duration.ofSeconds(30));
		HttpResponse<String> wrong = post(path, tokens.access(), code(wrongCode(enabled.secret())));

		for (HttpResponse<String> refused : List.of(noBody, noCode, recoveryCode)) {
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
			assertThat(TokenClient.json(refused).get("code").asString()).isEqualTo("invalid_request");
		}
		assertThat(replayed.statusCode()).as("the confirmation's code").isEqualTo(400);
		assertThat(TokenClient.json(replayed).get("code").asString()).isEqualTo("mfa_code_replayed");
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(wrong).get("code").asString()).isEqualTo("mfa_code_invalid");
		assertThat(outbox(tokens, "recovery_codes_regenerated")).isZero();
		assertThat(audit(tokens, "mfa_recovery_codes_regenerated")).isZero();
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("recovery_codes_left").asInt())
			.isEqualTo(10);
		assertThat(post("/api/me/mfa/verify", tokens.access(), recovery(enabled.recoveryCodes().get(0))).statusCode())
			.as("the old codes still work, the one offered as proof included")
			.isEqualTo(200);
	}

	@Test
	void regenerateRecoveryCodesWhenTwoFactorIsOffOrOnlyBeingSetUpThenConflict() throws Exception {
		Tokens tokens = signIn();

		HttpResponse<String> off = post("/api/me/mfa/recovery-codes", tokens.access(), code("123456"));
		byte[] pending = Base32Text
			.decode(TokenClient.json(post("/api/me/mfa/totp", tokens.access(), null)).get("secret").asString());
		HttpResponse<String> settingUp = post("/api/me/mfa/recovery-codes", tokens.access(), code(codeNow(pending)));

		for (HttpResponse<String> refused : List.of(off, settingUp)) {
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(TokenClient.json(refused).get("code").asString()).isEqualTo("mfa_not_enabled");
		}
		assertThat(TokenClient.json(get("/api/me/mfa", tokens.access())).get("totp").asString()).isEqualTo("pending");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM user_recovery_codes WHERE user_id = ?::uuid",
					claims(tokens.access()).getSubject()))
				.isZero();
		}
	}

	@Test
	void regenerateRecoveryCodesWithCookiesWhenNoCsrfTokenThenRefused() throws Exception {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn("mfa-" + UUID.randomUUID(), "mfa@example.com")
			.statusCode()).isEqualTo(302);
		Tokens tokens = Tokens.of(browser);
		byte[] secret = enableReturningSecret(tokens);
		this.clock.advance(Duration.ofSeconds(30));
		String body = code(codeNow(secret));

		HttpResponse<String> withoutToken = browser.send(url("/api/me/mfa/recovery-codes"),
				(r) -> r.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));

		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(TokenClient.json(withoutToken).get("code").asString()).isEqualTo("csrf_token_invalid");
		assertThat(audit(tokens, "mfa_recovery_codes_regenerated")).isZero();
		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
		HttpResponse<String> withToken = browser.send(url("/api/me/mfa/recovery-codes"),
				(r) -> r.header("Content-Type", "application/json")
					.header("X-CSRF-Token", csrf)
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(withToken.statusCode()).isEqualTo(200);
	}

	@Test
	void verifyWhenTooManyWrongCodesThenLockedUntilTheWindowEnds() throws Exception {
		Tokens tokens = signIn();
		byte[] secret = enableReturningSecret(tokens);
		this.clock.advance(Duration.ofSeconds(30));

		for (int i = 0; i < 5; i++) {
			assertThat(post("/api/me/mfa/verify", tokens.access(), code(wrongCode(secret))).statusCode()).isEqualTo(400);
		}
		HttpResponse<String> locked = post("/api/me/mfa/verify", tokens.access(), code(codeNow(secret)));

		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(TokenClient.json(locked).get("code").asString()).isEqualTo("mfa_locked");
		this.clock.advance(Duration.ofMinutes(16));
		Tokens later = Tokens.of(this.client.refresh(tokens.refresh())); // the access token expired meanwhile
		assertThat(post("/api/me/mfa/verify", later.access(), code(codeNow(secret))).statusCode()).isEqualTo(200);
	}

	@Test
	void confirmWhenNoEnrolmentThenConflict() {
		Tokens tokens = signIn();

		HttpResponse<String> confirm = post("/api/me/mfa/totp/confirm", tokens.access(), code("123456"));

		assertThat(confirm.statusCode()).isEqualTo(409);
		assertThat(TokenClient.json(confirm).get("code").asString()).isEqualTo("mfa_no_enrolment");
	}

	@Test
	void stepUpPageWhenCodeRightThenCookiesCarryOtpAndBrowserGoesBack() throws Exception {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn("mfa-" + UUID.randomUUID(), "mfa@example.com")
			.statusCode()).isEqualTo(302);
		byte[] secret = enableReturningSecret(Tokens.of(browser));
		this.clock.advance(Duration.ofSeconds(30));

		HttpResponse<String> page = browser.get(url("/account/mfa/verify?rd=%2Faccount%3Ftab%3D1"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Code from the app").doesNotContain("<script");
		String csrf = hidden(page.body(), "csrf_token");
		HttpResponse<String> wrong = postForm(browser, "/account/mfa/verify",
				"csrf_token=" + enc(csrf) + "&rd=" + enc("/account?tab=1") + "&code=" + wrongCode(secret));
		assertThat(wrong.statusCode()).isEqualTo(303);
		assertThat(Browser.location(wrong)).contains("/account/mfa/verify?rd=").contains("notice=wrong-code");

		HttpResponse<String> right = postForm(browser, "/account/mfa/verify",
				"csrf_token=" + enc(csrf) + "&rd=" + enc("/account?tab=1") + "&code=" + codeNow(secret));

		assertThat(right.statusCode()).isEqualTo(303);
		assertThat(Browser.location(right)).isEqualTo(url("/account?tab=1"));
		assertThat(claims(Tokens.of(browser).access()).getStringListClaim("amr")).contains("otp");
	}

	@Test
	void stepUpPageWhenDestinationOnAnotherSiteThenRefused() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("mfa-" + UUID.randomUUID(), "mfa@example.com");

		assertThat(browser.get(url("/account/mfa/verify?rd=https%3A%2F%2Fevil.example%2F")).statusCode())
			.isEqualTo(400);
	}

	@Test
	void setUpPageWhenEnrolling() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("mfa-" + UUID.randomUUID(), "mfa@example.com");
		HttpResponse<String> page = browser.get(url("/account/mfa"));
		assertThat(page.body()).contains("Set up an authenticator app");

		HttpResponse<String> start = postForm(browser, "/account/mfa/totp/start",
				"csrf_token=" + enc(hidden(page.body(), "csrf_token")));
		assertThat(start.statusCode()).isEqualTo(303);
		HttpResponse<String> enrolling = browser.get(url("/account/mfa"));

		assertThat(enrolling.body()).contains("data:image/png;base64,", "id=\"mfa-secret\"",
				"<label for=\"mfa-confirm-code\">");
	}

	@Test
	void recoveryCodesPageWhenCodeRightThenShowsTheNewCodesThisOnce() throws Exception {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn("mfa-" + UUID.randomUUID(), "mfa@example.com")
			.statusCode()).isEqualTo(302);
		Enabled enabled = enableWithCodes(Tokens.of(browser));
		this.clock.advance(Duration.ofSeconds(30));
		HttpResponse<String> page = browser.get(url("/account/mfa"));
		assertThat(page.body()).contains("<label for=\"mfa-renew-code\">", "Make new recovery codes")
			.doesNotContain("<script");
		String csrf = hidden(page.body(), "csrf_token");
		HttpResponse<String> wrong = postForm(browser, "/account/mfa/recovery-codes",
				"csrf_token=" + enc(csrf) + "&code=" + wrongCode(enabled.secret()));
		assertThat(wrong.statusCode()).isEqualTo(303);
		assertThat(Browser.location(wrong)).isEqualTo(url("/account/mfa?notice=wrong-code"));

		HttpResponse<String> renewed = postForm(browser, "/account/mfa/recovery-codes",
				"csrf_token=" + enc(csrf) + "&code=" + codeNow(enabled.secret()));

		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(renewed.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(renewed.body()).contains("Save your new recovery codes", "Your old recovery codes no longer work");
		List<String> shown = Pattern.compile("<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code></li>")
			.matcher(renewed.body())
			.results()
			.map((match) -> match.group(1))
			.toList();
		assertThat(shown).hasSize(10).doesNotContainAnyElementsOf(enabled.recoveryCodes());
		assertThat(browser.get(url("/account/mfa")).body()).as("shown once").doesNotContain(shown.get(0));
		assertThat(post("/api/me/mfa/verify", Tokens.of(browser).access(), recovery(shown.get(0))).statusCode())
			.isEqualTo(200);
	}

	private List<String> enable(Tokens tokens) {
		return enableWithCodes(tokens).recoveryCodes();
	}

	private byte[] enableReturningSecret(Tokens tokens) {
		return enableWithCodes(tokens).secret();
	}

	private Enabled enableWithCodes(Tokens tokens) {
		JsonNode enrolment = TokenClient.json(post("/api/me/mfa/totp", tokens.access(), null));
		byte[] secret = Base32Text.decode(enrolment.get("secret").asString());
		HttpResponse<String> confirmed = post("/api/me/mfa/totp/confirm", tokens.access(), code(codeNow(secret)));
		assertThat(confirmed.statusCode()).isEqualTo(200);
		return new Enabled(secret,
				TokenClient.json(confirmed).get("recovery_codes").valueStream().map(JsonNode::asString).toList());
	}

	/** An authenticator just turned on: its secret and the recovery codes shown at confirmation. */
	private record Enabled(byte[] secret, List<String> recoveryCodes) {
	}

	private String codeNow(byte[] secret) {
		return this.totp.codeText(secret, this.clock.instant());
	}

	/** Differs from the codes of the current step and both neighbours. */
	private String wrongCode(byte[] secret) {
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			if (this.totp.matchingStep(secret, code, this.clock.instant()).isEmpty()) {
				return code;
			}
		}
	}

	private Tokens signIn() {
		return new SignInFlow(new Browser(), baseUrl()).signedIn("mfa-" + UUID.randomUUID(), "mfa@example.com");
	}

	private static String code(String code) {
		return "{\"code\":\"" + code + "\"}";
	}

	private static String recovery(String code) {
		return "{\"recovery_code\":\"" + code + "\"}";
	}

	private static JWTClaimsSet claims(String accessToken) throws java.text.ParseException {
		return SignedJWT.parse(accessToken).getJWTClaimsSet();
	}

	private static long outbox(Tokens tokens, String kind) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM email_outbox WHERE user_id = ?::uuid AND kind = ?",
					claims(tokens.access()).getSubject(), kind);
		}
	}

	private static long audit(Tokens tokens, String type) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_id = ?::uuid AND type = ?",
					claims(tokens.access()).getSubject(), type);
		}
	}

	private static String hidden(String html, String name) {
		Matcher matcher = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
		assertThat(matcher.find()).as("hidden field " + name).isTrue();
		return matcher.group(1);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static HttpResponse<String> postForm(Browser browser, String path, String form) {
		return browser.send(url(path), (r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static HttpResponse<String> get(String path, String bearer) {
		return TokenClient.get(url(path), bearer);
	}

	private static HttpResponse<String> post(String path, String bearer, String json) {
		return TokenClient.post(url(path), bearer, json);
	}

	private static HttpResponse<String> delete(String path, String bearer, String json) {
		return new Browser().send(url(path), (r) -> r.header("Authorization", "Bearer " + bearer)
			.header("Content-Type", "application/json")
			.method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
	}
}
