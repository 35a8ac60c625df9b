package nexus.iam.passkey;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import com.webauthn4j.data.client.ClientDataType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys over HTTP against the running service, with a software authenticator made in the
 * test: registration, sign-in, step-up, the account's list, and every bad answer refused with a
 * stable code, never a 5xx.
 */
class PasskeyIntegrationTests extends IntegrationTest {

	@Test
	void registerThenSignInGivesAnOrdinarySessionWithPasskeyAmr() throws Exception {
		Tokens tokens = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		HttpResponse<String> added = register(tokens, authenticator, "Laptop");
		assertThat(added.statusCode()).isEqualTo(201);
		JsonNode passkey = TokenClient.json(added);
		assertThat(passkey.get("name").asString()).isEqualTo("Laptop");
		assertThat(passkey.get("backed_up").asBoolean()).isFalse();
		assertThat(outbox(tokens.userId(), "passkey_added")).isEqualTo(1);
		assertThat(audit(tokens.userId(), "passkey_added")).isEqualTo(1);

		Browser browser = new Browser();
		HttpResponse<String> options = browser.send(url("/api/auth/passkey/options"), PasskeyIntegrationTests::emptyPost);
		assertThat(options.statusCode()).isEqualTo(200);
		JsonNode requestOptions = TokenClient.json(options);
		assertThat(requestOptions.get("userVerification").asString()).isEqualTo("required");
		assertThat(requestOptions.get("allowCredentials")).isEmpty();
		assertThat(requestOptions.get("rpId").asString()).isEqualTo("localhost");
		HttpResponse<String> signedIn = post(browser, "/api/auth/passkey",
				authenticator.get(options.body()).origin(baseUrl()).json());

		assertThat(signedIn.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(signedIn).get("return_to").asString()).isNotBlank();
		Tokens session = Tokens.of(browser);
		assertThat(session.userId()).isEqualTo(tokens.userId());
		assertThat(SignedJWT.parse(session.access()).getJWTClaimsSet().getStringListClaim("amr"))
			.containsExactly("hwk", "user", "mfa");
		assertThat(signedIn.headers().firstValue("X-CSRF-Token")).isPresent();
		// an ordinary session: it refreshes and shows in the user's list
		assertThat(new TokenClient(baseUrl()).refresh(session.refresh()).statusCode()).isEqualTo(200);
		JsonNode sessions = TokenClient.json(TokenClient.get(url("/api/me/sessions"), tokens.access()));
		assertThat(sessions.toString()).contains("\"passkey\"");
		assertThat(audit(tokens.userId(), "sign_in")).isEqualTo(2);
		JsonNode listed = TokenClient.json(TokenClient.get(url("/api/me/passkeys"), tokens.access())).get("passkeys");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).get("last_used_at").isNull()).isFalse();
	}

	@Test
	void renameAndRemoveThenTheRemovedPasskeyIsNotRecognised() throws Exception {
		Tokens tokens = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		String id = TokenClient.json(register(tokens, authenticator, null)).get("id").asString();
		JsonNode listed = TokenClient.json(TokenClient.get(url("/api/me/passkeys"), tokens.access())).get("passkeys");
		assertThat(listed.get(0).get("name").asString()).as("named after the browser without a name given").isNotBlank();

		HttpResponse<String> renamed = send(tokens, "PATCH", "/api/me/passkeys/" + id, "{\"name\": \"Phone\"}");
		assertThat(renamed.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(renamed).get("name").asString()).isEqualTo("Phone");
		assertThat(send(tokens, "PATCH", "/api/me/passkeys/" + id, "{\"name\": \"\"}").statusCode()).isEqualTo(400);
		Tokens other = signIn();
		assertThat(send(other, "PATCH", "/api/me/passkeys/" + id, "{\"name\": \"Mine\"}").statusCode())
			.as("another user's passkey is not found")
			.isEqualTo(404);
		assertThat(TokenClient.delete(url("/api/me/passkeys/" + id), other.access()).statusCode()).isEqualTo(404);

		assertThat(TokenClient.delete(url("/api/me/passkeys/" + id), tokens.access()).statusCode()).isEqualTo(204);
		assertThat(audit(tokens.userId(), "passkey_renamed")).isEqualTo(1);
		assertThat(audit(tokens.userId(), "passkey_removed")).isEqualTo(1);

		HttpResponse<String> refused = signInWith(authenticator, (c) -> c);
		assertProblem(refused, 401, "passkey_not_recognised");
	}

	@Test
	void removalNeedsARecentSignIn() throws Exception {
		Tokens tokens = signIn();
		String id = TokenClient.json(register(tokens, new TestAuthenticator(), null)).get("id").asString();
		this.clock.advance(Duration.ofMinutes(11));
		Tokens fresh = Tokens.of(new TokenClient(baseUrl()).refresh(tokens.refresh()));

		assertProblem(TokenClient.delete(url("/api/me/passkeys/" + id), fresh.access()), 403, "recent_sign_in_required");
		assertThat(TokenClient.json(TokenClient.get(url("/api/me/passkeys"), fresh.access())).get("passkeys")).hasSize(1);
	}

	@Test
	void aChallengeAnswersOnceAndOnlyInTheBrowserThatHoldsIt() throws Exception {
		TestAuthenticator authenticator = registered();
		Browser browser = new Browser();
		HttpResponse<String> options = browser.send(url("/api/auth/passkey/options"), PasskeyIntegrationTests::emptyPost);
		String answer = authenticator.get(options.body()).origin(baseUrl()).json();
		String copiedCookies = cookieHeader(browser);

		assertProblem(post(new Browser(), "/api/auth/passkey", answer), 400, "passkey_challenge_invalid");
		assertThat(post(browser, "/api/auth/passkey", answer).statusCode()).isEqualTo(200);
		// the same answer with a copy of the cookie it was made for: the challenge is spent
		HttpResponse<String> replay = new Browser().send(url("/api/auth/passkey"),
				(r) -> r.header("Cookie", copiedCookies).header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(answer)));
		assertProblem(replay, 400, "passkey_challenge_invalid");
	}

	@Test
	void anExpiredOrForeignChallengeIsRefused() throws Exception {
		TestAuthenticator authenticator = registered();
		Browser browser = new Browser();
		HttpResponse<String> options = browser.send(url("/api/auth/passkey/options"), PasskeyIntegrationTests::emptyPost);
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		assertProblem(post(browser, "/api/auth/passkey", authenticator.get(options.body()).origin(baseUrl()).json()), 400,
				"passkey_challenge_invalid");

		assertProblem(signInWith(authenticator, (c) -> c.challenge("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), 400,
				"passkey_challenge_invalid");
	}

	@Test
	void signInChecksOriginRpIdTypeAndUserVerification() throws Exception {
		TestAuthenticator authenticator = registered();
		assertProblem(signInWith(authenticator, (c) -> c.origin("https://evil.example")), 400, "passkey_origin_invalid");
		assertProblem(signInWith(authenticator, (c) -> c.rpId("evil.example")), 400, "passkey_rp_id_invalid");
		assertProblem(signInWith(authenticator, (c) -> c.type(ClientDataType.WEBAUTHN_CREATE)), 400,
				"passkey_response_invalid");
		assertProblem(signInWith(authenticator, (c) -> c.flags(TestAuthenticator.UP)), 400, "passkey_user_not_verified");
		assertProblem(signInWith(authenticator, (c) -> c.flags(TestAuthenticator.UV)), 400, "passkey_user_not_verified");
		assertThat(signInWith(authenticator, (c) -> c).statusCode()).as("the same authenticator, answering right")
			.isEqualTo(200);
	}

	@Test
	void registrationChecksOriginRpIdUserVerificationAndCredentialIdLength() throws Exception {
		Tokens tokens = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		assertProblem(registerWith(tokens, authenticator, (c) -> c.origin("https://evil.example")), 400,
				"passkey_origin_invalid");
		assertProblem(registerWith(tokens, authenticator, (c) -> c.rpId("evil.example")), 400, "passkey_rp_id_invalid");
		assertProblem(registerWith(tokens, authenticator, (c) -> c.flags(TestAuthenticator.UP)), 400,
				"passkey_user_not_verified");
		assertProblem(registerWith(tokens, authenticator, (c) -> c.type(ClientDataType.WEBAUTHN_GET)), 400,
				"passkey_response_invalid");
		assertProblem(registerWith(tokens, new TestAuthenticator(1024), (c) -> c), 400, "passkey_response_invalid");
		assertThat(registerWith(tokens, new TestAuthenticator(1023), (c) -> c).statusCode()).isEqualTo(201);
		assertThat(registerWith(tokens, authenticator, (c) -> c).statusCode()).isEqualTo(201);
		assertProblem(registerWith(tokens, authenticator, (c) -> c), 409, "passkey_already_registered");
		assertThat(TokenClient.json(TokenClient.get(url("/api/me/passkeys"), tokens.access())).get("passkeys")).hasSize(2);
	}

	@Test
	void aRegistrationChallengeBelongsToTheSessionThatAskedForIt() throws Exception {
		Tokens tokens = signIn();
		Tokens other = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		Browser browser = new Browser();
		HttpResponse<String> options = postBearer(browser, "/api/me/passkeys/options", tokens.access(), null);
		String credential = authenticator.create(options.body()).origin(baseUrl()).json();
		assertProblem(postBearer(browser, "/api/me/passkeys", other.access(), "{\"credential\": " + credential + "}"), 400,
				"passkey_challenge_invalid");
	}

	@Test
	void aCounterThatGoesBackwardsIsRefusedMarkedAuditedAndMailed() throws Exception {
		Tokens tokens = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		register(tokens, authenticator, "Key");
		assertThat(signInWith(authenticator, (c) -> c.signCount(10)).statusCode()).isEqualTo(200);

		assertProblem(signInWith(authenticator, (c) -> c.signCount(9)), 401, "passkey_counter_regressed");
		JsonNode listed = TokenClient.json(TokenClient.get(url("/api/me/passkeys"), tokens.access())).get("passkeys");
		assertThat(listed.get(0).get("counter_regressed_at").isNull()).isFalse();
		assertThat(audit(tokens.userId(), "passkey_counter_regressed")).isEqualTo(1);
		assertThat(outbox(tokens.userId(), "passkey_counter_regressed")).isEqualTo(1);
	}

	@Test
	void unknownCredentialsAndForeignUserHandlesGetTheSame401() throws Exception {
		TestAuthenticator authenticator = registered();
		HttpResponse<String> unknown = signInWith(new TestAuthenticator(), (c) -> c.userHandle(new byte[16]));
		assertProblem(unknown, 401, "passkey_not_recognised");
		TestAuthenticator someoneElse = registered();
		byte[] otherHandle = java.util.Base64.getUrlDecoder()
			.decode(someoneElseHandle(someoneElse));
		assertProblem(signInWith(authenticator, (c) -> c.userHandle(otherHandle)), 401, "passkey_not_recognised");
		assertProblem(signInWith(authenticator, (c) -> c.userHandle(null)), 401, "passkey_not_recognised");
		assertThat(TokenClient.json(unknown).get("detail").asString())
			.isEqualTo(TokenClient.json(signInWith(authenticator, (c) -> c.userHandle(otherHandle))).get("detail").asString());
	}

	@Test
	void malformedAnswersAre400ProblemsNever5xx() throws Exception {
		Tokens tokens = signIn();
		List<String> bodies = List.of("null", "{}", "[]", "\"x\"", "{\"id\": \"AAAA\"}", "{\"id\": \"AAAA\", \"type\": \"public-key\"}",
				"{\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": null}",
				"{\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": {}}",
				"{\"id\": \"!!\", \"rawId\": \"!!\", \"type\": \"public-key\", \"response\": {\"clientDataJSON\": \"%%%\", \"authenticatorData\": \"A\", \"signature\": \"A\"}}",
				"{\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": {\"clientDataJSON\": \"e30\", \"attestationObject\": \"oA\"}}",
				"{\"response\": {\"clientDataJSON\": 5}}", "{not json");
		for (String body : bodies) {
			Browser browser = new Browser();
			browser.send(url("/api/auth/passkey/options"), PasskeyIntegrationTests::emptyPost);
			HttpResponse<String> signIn = post(browser, "/api/auth/passkey", body);
			assertThat(signIn.statusCode()).as(body).isEqualTo(400);
			assertThat(signIn.headers().firstValue("Content-Type").orElseThrow()).as(body).contains("application/problem+json");

			postBearer(browser, "/api/me/passkeys/options", tokens.access(), null);
			HttpResponse<String> register = postBearer(browser, "/api/me/passkeys", tokens.access(),
					"{\"credential\": " + (body.equals("{not json") ? "{" : body) + "}");
			assertThat(register.statusCode()).as(body).isEqualTo(400);
			HttpResponse<String> bare = postBearer(browser, "/api/me/passkeys", tokens.access(), body);
			assertThat(bare.statusCode()).as(body).isEqualTo(400);
		}
		assertThat(TokenClient.json(TokenClient.get(url("/api/me/passkeys"), tokens.access())).get("passkeys")).isEmpty();
	}

	@Test
	void anOversizeAttestationIsRefusedBeforeItIsRead() throws Exception {
		Tokens tokens = signIn();
		Browser browser = new Browser();
		postBearer(browser, "/api/me/passkeys/options", tokens.access(), null);
		String padding = "A".repeat(20_000);
		HttpResponse<String> refused = postBearer(browser, "/api/me/passkeys", tokens.access(),
				"{\"credential\": {\"id\": \"AAAA\", \"type\": \"public-key\", \"response\": {\"attestationObject\": \""
						+ padding + "\"}}}");
		assertProblem(refused, 413, "payload_too_large");
		assertThat(TokenClient.json(TokenClient.get(url("/api/me/passkeys"), tokens.access())).get("passkeys")).isEmpty();
	}

	@Test
	void signInIsCountedByProvider() throws Exception {
		TestAuthenticator authenticator = registered();
		double before = loginCount("success");
		double failedBefore = loginCount("failure");
		assertThat(signInWith(authenticator, (c) -> c).statusCode()).isEqualTo(200);
		assertThat(signInWith(authenticator, (c) -> c.origin("https://evil.example")).statusCode()).isEqualTo(400);
		assertThat(loginCount("success")).isEqualTo(before + 1);
		assertThat(loginCount("failure")).isEqualTo(failedBefore + 1);
	}

	private static double loginCount(String status) {
		String metrics = new Browser().get(managementUrl("/metrics")).body();
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("auth_login_total\\{[^}]*provider=\"passkey\"[^}]*status=\"" + status + "\"[^}]*\\} ([0-9.E]+)")
			.matcher(metrics);
		assertThat(matcher.find()).as(metrics).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@Test
	void stepUpWithAPasskeyAddsMfaToTheSession() throws Exception {
		Tokens tokens = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		register(tokens, authenticator, "Key");
		Browser browser = new Browser();
		HttpResponse<String> options = postBearer(browser, "/api/me/passkeys/step-up/options", tokens.access(), null);
		assertThat(TokenClient.json(options).get("allowCredentials").get(0).get("id").asString())
			.isEqualTo(authenticator.credentialIdBase64());
		HttpResponse<String> stepped = postBearer(browser, "/api/me/passkeys/step-up", tokens.access(),
				authenticator.get(options.body()).origin(baseUrl()).json());

		assertThat(stepped.statusCode()).isEqualTo(200);
		String access = TokenClient.json(stepped).get("access_token").asString();
		assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringListClaim("amr")).contains("mfa");
		assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("sid")).isEqualTo(tokens.sessionId());
		assertThat(audit(tokens.userId(), "mfa_verified")).isEqualTo(1);

		Tokens other = signIn();
		HttpResponse<String> otherOptions = postBearer(browser, "/api/me/passkeys/step-up/options", other.access(), null);
		assertThat(otherOptions.statusCode()).as("no passkey of their own").isEqualTo(404);
	}

	@Test
	void aChallengeMadeOnOneNodeIsAnsweredOnAnother() throws Exception {
		TestAuthenticator authenticator = registered();
		try (Node other = Node.start(nodeSettings(), this.clock)) {
			Browser browser = new Browser();
			HttpResponse<String> options = browser.send(other.url("/api/auth/passkey/options"),
					PasskeyIntegrationTests::emptyPost);
			HttpResponse<String> signedIn = post(browser, "/api/auth/passkey",
					authenticator.get(options.body()).origin(baseUrl()).json());
			assertThat(signedIn.statusCode()).isEqualTo(200);
			// and it is spent for both
			HttpResponse<String> again = browser.send(other.url("/api/auth/passkey"),
					(r) -> r.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(authenticator.get(options.body()).origin(baseUrl()).json())));
			assertProblem(again, 400, "passkey_challenge_invalid");
		}
	}

	// --- helpers

	private String someoneElseHandle(TestAuthenticator registered) {
		return this.lastUserHandle;
	}

	private String lastUserHandle;

	private TestAuthenticator registered() throws Exception {
		Tokens tokens = signIn();
		TestAuthenticator authenticator = new TestAuthenticator();
		assertThat(register(tokens, authenticator, null).statusCode()).isEqualTo(201);
		this.lastUserHandle = java.util.Base64.getUrlEncoder().withoutPadding()
			.encodeToString(PasskeyService.userHandle(UUID.fromString(tokens.userId())));
		return authenticator;
	}

	private HttpResponse<String> register(Tokens tokens, TestAuthenticator authenticator, String name) {
		Browser browser = new Browser();
		HttpResponse<String> options = postBearer(browser, "/api/me/passkeys/options", tokens.access(), null);
		assertThat(options.statusCode()).isEqualTo(200);
		String credential = authenticator.create(options.body()).origin(baseUrl()).json();
		String body = "{" + ((name != null) ? "\"name\": \"" + name + "\", " : "") + "\"credential\": " + credential + "}";
		return postBearer(browser, "/api/me/passkeys", tokens.access(), body);
	}

	private HttpResponse<String> registerWith(Tokens tokens, TestAuthenticator authenticator,
			java.util.function.UnaryOperator<TestAuthenticator.Ceremony> change) {
		Browser browser = new Browser();
		HttpResponse<String> options = postBearer(browser, "/api/me/passkeys/options", tokens.access(), null);
		String credential = change.apply(authenticator.create(options.body()).origin(baseUrl())).json();
		return postBearer(browser, "/api/me/passkeys", tokens.access(), "{\"credential\": " + credential + "}");
	}

	private HttpResponse<String> signInWith(TestAuthenticator authenticator,
			java.util.function.UnaryOperator<TestAuthenticator.Ceremony> change) {
		Browser browser = new Browser();
		HttpResponse<String> options = browser.send(url("/api/auth/passkey/options"), PasskeyIntegrationTests::emptyPost);
		return post(browser, "/api/auth/passkey", change.apply(authenticator.get(options.body()).origin(baseUrl())).json());
	}

	private static HttpRequest.Builder emptyPost(HttpRequest.Builder request) {
		return request.POST(HttpRequest.BodyPublishers.noBody());
	}

	private static HttpResponse<String> post(Browser browser, String path, String json) {
		return browser.send(url(path), (r) -> r.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static HttpResponse<String> postBearer(Browser browser, String path, String bearer, String json) {
		return browser.send(url(path), (r) -> {
			r.header("Authorization", "Bearer " + bearer);
			if (json == null) {
				return r.POST(HttpRequest.BodyPublishers.noBody());
			}
			return r.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		});
	}

	private static HttpResponse<String> send(Tokens tokens, String method, String path, String json) {
		return new Browser().send(url(path), (r) -> r.header("Authorization", "Bearer " + tokens.access())
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json)));
	}

	private static String cookieHeader(Browser browser) {
		return browser.cookies().entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue())
			.collect(java.util.stream.Collectors.joining("; "));
	}

	private static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo(code);
	}

	private Tokens signIn() {
		return new SignInFlow(new Browser(), baseUrl()).signedIn("passkey-" + UUID.randomUUID(), "passkey@example.com");
	}

	private static long outbox(String userId, String kind) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM email_outbox WHERE user_id = ?::uuid AND kind = ?", userId, kind);
		}
	}

	private static long audit(String userId, String type) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_id = ?::uuid AND type = ?", userId, type);
		}
	}
}
