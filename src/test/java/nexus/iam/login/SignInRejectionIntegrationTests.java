package nexus.iam.login;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a sign-in callback can be wrong. Each test would pass a forged sign-in if the check it
 * names were removed, and each checks that nobody was signed in.
 */
class SignInRejectionIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Browser browser = new Browser();

	private final SignInFlow flow = new SignInFlow(this.browser, baseUrl());

	private final TestOidcProvider google = TestOidcProvider.get();

	@AfterEach
	void genuineKeys() {
		this.google.signWithUnpublishedKey(false);
	}

	@Test
	void callbackWhenStateDiffersThenStateMismatch() {
		this.google.nextSignIn(subject(), "mallory@example.com");
		String callback = this.flow.startAndAuthorize("");
		String forged = callback.replaceAll("state=[^&]+", "state=forged-state");

		assertRejected(this.browser.get(forged), 400, "state_mismatch");
	}

	@Test
	void callbackWhenStateParameterMissingThenStateMismatch() {
		this.google.nextSignIn(subject(), "mallory@example.com");
		String callback = this.flow.startAndAuthorize("");
		String forged = callback.replaceAll("[&?]state=[^&]+", "");

		assertRejected(this.browser.get(forged), 400, "state_mismatch");
	}

	@Test
	void callbackWhenBrowserHasNoLoginStateThenLoginStateMissing() {
		this.google.nextSignIn(subject(), "mallory@example.com");
		String callback = this.flow.startAndAuthorize("");

		// a victim's browser that never started this sign-in (login CSRF / code injection)
		assertRejected(new Browser().get(callback), 400, "login_state_missing");
	}

	@Test
	void callbackWhenLoginStateCookieTamperedThenLoginStateMissing() {
		this.google.nextSignIn(subject(), "mallory@example.com");
		String callback = this.flow.startAndAuthorize("");
		String cookie = this.browser.cookies().get("nexus_login");
		// flip one character of the ciphertext (the last character of a part may carry only padding bits)
		int at = cookie.lastIndexOf('.') - 5;
		char flipped = (cookie.charAt(at) == 'A') ? 'B' : 'A';
		this.browser.cookies().put("nexus_login", cookie.substring(0, at) + flipped + cookie.substring(at + 1));

		assertRejected(this.browser.get(callback), 400, "login_state_missing");
	}

	@Test
	void callbackWhenLoginStateOfAnotherProviderThenStateMismatch() {
		this.google.nextSignIn(subject(), "mallory@example.com");
		String callback = this.flow.startAndAuthorize("");
		String toDev = callback.replace("/api/auth/google/callback", "/api/auth/dev/callback");

		assertRejected(this.browser.get(toDev), 400, "state_mismatch");
	}

	@Test
	void callbackWhenAuthorizationCodeReplayedThenRejected() {
		this.google.nextSignIn(subject(), "replay@example.com");
		String callback = this.flow.startAndAuthorize("");
		String loginCookie = this.browser.cookies().get("nexus_login");
		assertThat(new Browser().send(callback, (r) -> r.header("Cookie", "nexus_login=" + loginCookie)).statusCode())
			.as("the genuine callback")
			.isEqualTo(302);

		// the attacker replays the callback with the state cookie they kept
		assertRejected(this.browser.get(callback), 400, "authorization_code_rejected");
	}

	@Test
	void callbackWhenStateCookieAlreadySpentThenLoginStateMissing() {
		this.google.nextSignIn(subject(), "twice@example.com");
		String callback = this.flow.startAndAuthorize("");
		String loginCookie = this.browser.cookies().get("nexus_login");
		HttpResponse<String> first = new Browser().send(callback, (r) -> r.header("Cookie", "nexus_login=" + loginCookie));
		assertThat(first.statusCode()).isEqualTo(302);
		assertThat(Browser.setCookies(first)).as("the state cookie is cleared")
			.anySatisfy((c) -> assertThat(c).startsWith("nexus_login=;").contains("Max-Age=0"));

		// the browser obeyed and dropped the cookie: a second use finds no sign-in in progress
		this.browser.cookies().remove("nexus_login");
		assertRejected(this.browser.get(callback), 400, "login_state_missing");
	}

	@Test
	void callbackWhenIdTokenHasWrongNonceThenInvalidIdToken() {
		assertIdTokenRejected(Map.of("nonce", "another-flows-nonce"));
	}

	@Test
	void callbackWhenIdTokenHasNoNonceThenInvalidIdToken() {
		// the provider copies the nonce after the callback's claims: an empty string is the best a
		// misbehaving provider can do here, and it must be refused like any mismatch
		assertIdTokenRejected(Map.of("nonce", ""));
	}

	@Test
	void callbackWhenIdTokenHasWrongIssuerThenInvalidIdToken() {
		assertIdTokenRejected(Map.of("iss", "https://evil.example"));
	}

	@Test
	void callbackWhenIdTokenHasWrongAudienceThenInvalidIdToken() {
		assertIdTokenRejected(Map.of("aud", "another-client"));
	}

	@Test
	void callbackWhenIdTokenSignedWithUnpublishedKeyThenInvalidIdToken() {
		// warm the service's copy of the provider's JWKS with the genuine key first
		new SignInFlow(new Browser(), baseUrl()).signIn(subject(), "warm@example.com");
		this.google.nextSignIn(subject(), "forged@example.com");
		String callback = this.flow.startAndAuthorize("");
		this.google.signWithUnpublishedKey(true);

		assertRejected(this.browser.get(callback), 400, "invalid_id_token");
	}

	@Test
	void callbackWhenProviderReportsErrorThenProviderError() {
		HttpResponse<String> login = this.browser.get(url("/api/auth/google/login"));
		String state = queryParam(Browser.location(login), "state");

		assertRejected(this.browser.get(url("/api/auth/google/callback?error=access_denied&state=" + state)), 400,
				"provider_error");
	}

	@Test
	void loginWhenReturnToIsAnotherOriginThenRejected() {
		for (String evil : new String[] { "https://evil.example", "//evil.example/path", "/\\evil.example",
				"https://app.nexus.test@evil.example/", "javascript:alert(1)", "http://app.nexus.test/",
				"https://app.nexus.test.evil.example/" }) {
			HttpResponse<String> login = this.browser
				.get(url("/api/auth/google/login?return_to=" + URLEncoder.encode(evil, StandardCharsets.UTF_8)));
			assertThat(login.statusCode()).as(evil).isEqualTo(400);
			assertThat(problemCode(login)).as(evil).isEqualTo("invalid_return_to");
			assertThat(login.headers().firstValue("Location")).as(evil).isEmpty();
		}
	}

	@Test
	void loginWhenUnknownProviderThenNotFoundProblem() {
		HttpResponse<String> login = this.browser.get(url("/api/auth/myspace/login"));
		assertThat(login.statusCode()).isEqualTo(404);
		assertThat(login.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problemCode(login)).isEqualTo("unknown_provider");
		assertThat(this.browser.get(url("/api/auth/myspace/callback?code=x&state=y")).statusCode()).isEqualTo(404);
	}

	@Test
	void loginWhenLoginHintIsNotAnEmailThenRejected() {
		HttpResponse<String> login = this.browser.get(url("/api/auth/dev/login?login_hint=%3Cscript%3E"));
		assertThat(login.statusCode()).isEqualTo(400);
		assertThat(problemCode(login)).isEqualTo("invalid_login_hint");
	}

	@Test
	void callbackWhenRejectedThenAuditsTheFailure() throws Exception {
		this.google.nextSignIn(subject(), "audit@example.com");
		String callback = this.flow.startAndAuthorize("");
		String marker = "audit-" + UUID.randomUUID();
		this.browser.send(callback.replaceAll("state=[^&]+", "state=x"), (r) -> r.header("User-Agent", marker));

		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'sign_in_failed'"
					+ " AND user_agent = ? AND details->>'reason' = 'state_mismatch'", marker))
				.isEqualTo(1);
		}
	}

	private void assertIdTokenRejected(Map<String, Object> claims) {
		this.google.nextSignIn(subject(), "forged@example.com", claims);
		String callback = this.flow.startAndAuthorize("");
		assertRejected(this.browser.get(callback), 400, "invalid_id_token");
	}

	private void assertRejected(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problemCode(response)).isEqualTo(code);
		assertThat(response.body()).doesNotContain("Exception", "at nexus.", "at com.");
		assertThat(this.browser.cookies()).doesNotContainKeys("nexus_access", "nexus_refresh");
		assertThat(Browser.setCookies(response)).noneMatch((c) -> c.startsWith("nexus_access=")
				|| c.startsWith("nexus_refresh="));
		assertThat(this.browser.get(url("/api/me")).statusCode()).isEqualTo(401);
	}

	private static String problemCode(HttpResponse<String> response) {
		JsonNode problem = JSON.readTree(response.body());
		return problem.get("code").asString();
	}

	private static String queryParam(String url, String name) {
		for (String pair : URI.create(url).getRawQuery().split("&")) {
			if (pair.startsWith(name + "=")) {
				return pair.substring(name.length() + 1);
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static String subject() {
		return "google-" + UUID.randomUUID();
	}
}
