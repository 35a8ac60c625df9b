package nexus.iam.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.WireHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each class of hostile input the fuzzing found, at the running service over real sockets: a
 * {@code 4xx} problem with its code, never a {@code 5xx}, and nothing written. Each test fails when
 * the check it names is taken away.
 */
class HostileInputIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

	private String accessToken;

	@BeforeEach
	void signIn() {
		Browser browser = new Browser();
		String subject = "hostile-" + UUID.randomUUID();
		new SignInFlow(browser, baseUrl()).signIn(subject, subject + "@example.com");
		this.accessToken = browser.cookies().get("nexus_access");
	}

	// 1. undecodable percent-encoding and invalid UTF-8: decoded once, at the door

	@ParameterizedTest
	@ValueSource(strings = { "%zz", "%", "%%%", "%ff%fe", "%c0%80", "%ed%a0%80", "%e2%82" })
	void queryWhenPercentEncodingOrUtf8InvalidThenInvalidRequest(String value) {
		for (String target : List.of("/api/auth/google/login?return_to=", "/?return_to=", "/api/auth/verify?mode=",
				"/account/mfa/verify?rd=", "/api/auth/google/callback?code=", "/api/me/events?limit=")) {
			assertProblem(send("GET", target + value, List.of(), null), 400, "invalid_request");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "%zz", "%", "%%%", "%ff%fe", "%c0%80" })
	void formWhenPercentEncodingOrUtf8InvalidThenInvalidRequest(String value) {
		for (String target : List.of("/api/auth/refresh", "/api/auth/revoke", "/api/auth/apple/callback")) {
			assertProblem(send("POST", target, List.of(FORM), "token=" + value), 400, "invalid_request");
		}
	}

	@Test
	void formWhenDeclaredInAnotherCharsetThenStillDecodedAsUtf8() {
		// 0xFF is "ÿ" in ISO-8859-1 but no UTF-8 at all: the declared charset is not believed
		assertProblem(send("POST", "/api/auth/revoke", List.of(FORM + "; charset=iso-8859-1"), "token=%ff"), 400,
				"invalid_request");
	}

	// 2. control characters in text: refused for every parameter; e-mail addresses checked where they enter

	@ParameterizedTest
	@ValueSource(strings = { "a@b.c%00", "a%01@b.cd", "a@b.cd%1b", "a@b.cd%7f", "a@b.cd%c2%85" })
	void parameterWhenControlCharacterThenInvalidRequestBeforeAnyController(String hint) {
		assertProblem(send("GET", "/api/auth/dev/login?login_hint=" + hint, List.of(), null), 400, "invalid_request");
		assertProblem(send("POST", "/api/auth/apple/callback", List.of(FORM), "state=x&code=y&user=" + hint), 400,
				"invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a@b", "a%20b@c.de", "a..b@c.de", "%3Ca%3E@b.cd", "a@b.cd%e2%80%ae",
			"a@b.cd%0d%0aBcc:x@y.z", "a@b.cd%09" })
	void loginHintWhenNotAnEmailAddressThenInvalidLoginHint(String hint) {
		assertProblem(send("GET", "/api/auth/dev/login?login_hint=" + hint, List.of(), null), 400, "invalid_login_hint");
	}

	@Test
	void kratosWebhookWhenEmailHoldsNulThenRefusedAndNothingWritten() throws Exception {
		String id = UUID.randomUUID().toString();
		String body = "{\"identity\":{\"id\":\"" + id + "\",\"traits\":{\"email\":\"a@b.c\\u0000\"}}}";

		WireHttp.Response response = send("POST", "/api/webhooks/kratos/registration",
				List.of("Content-Type: application/json", "X-Webhook-Secret: " + KRATOS_WEBHOOK_SECRET), body);

		assertProblem(response, 400, "invalid_request");
		assertThat(detail(response)).isEqualTo("identity.traits.email is not an e-mail address");
		assertThat(identitiesOfKratos(id)).isZero();
	}

	// 3. request shape limits

	@Test
	void queryWhenMoreParametersThanTheLimitThenInvalidRequest() {
		assertProblem(send("GET", "/api/auth/google/login?" + "a=1&".repeat(101), List.of(), null), 400,
				"invalid_request");
		assertThat(send("GET", "/api/auth/google/login?" + "a=1&".repeat(99), List.of(), null).status()).isEqualTo(302);
	}

	@Test
	void cookiesWhenMoreThanTheLimitThenTooManyCookies() {
		assertProblem(send("GET", "/api/me", List.of("Cookie: " + "c=v; ".repeat(101)), null), 431, "too_many_cookies");
		assertThat(send("GET", "/api/me", List.of("Cookie: " + "c=v; ".repeat(99), bearer()), null).status())
			.isEqualTo(200);
	}

	@Test
	void headersWhenMoreThanTheLimitThenRefusedByTomcatAsProblem() {
		List<String> headers = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			headers.add("X-Header-" + i + ": v");
		}
		assertProblem(send("GET", "/api/me", headers, null), 400, "request_too_large_or_malformed");
	}

	@Test
	void acceptWhenNotMediaTypesThenInvalidRequestEvenWhereAnErrorFollows() {
		for (String accept : List.of(";;;", "application/json;q=abc", "a")) {
			assertProblem(send("GET", "/api/me", List.of("Accept: " + accept, bearer()), null), 400, "invalid_request");
			assertProblem(send("GET", "/api/nothing-here", List.of("Accept: " + accept), null), 400, "invalid_request");
		}
	}

	@Test
	void contentTypeWhenWildcardThenUnsupportedMediaType() {
		assertProblem(send("POST", "/api/me/sessions/revoke-all", List.of("Content-Type: */*", bearer()), "{}"), 415,
				"unsupported_media_type");
		assertThat(send("GET", "/api/me", List.of(bearer()), null).status()).as("not signed out").isEqualTo(200);
	}

	@Test
	void urlWhenTheFirewallRefusesItThenInvalidRequest() {
		assertProblem(send("GET", "/api/me;x=1", List.of(bearer()), null), 400, "invalid_request");
		assertProblem(send("GET", "/api/%2e%2e/me", List.of(bearer()), null), 400, "invalid_request");
	}

	@Test
	void errorPathWhenRequestedDirectlyThenNotFound() {
		assertProblem(send("GET", "/error", List.of(), null), 404, "not_found");
	}

	@Test
	void methodOrVersionTheServerDoesNotHandleThenOnly501Or505() {
		assertProblem(send("CONNECT", "/", List.of(), null), 501, "not_implemented");
		WireHttp.Response version = WireHttp.raw(port(),
				"GET / HTTP/2.5\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(version.status()).isIn(400, 505);
		assertThat(version.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void formOnDeleteWhenUndecodableThenIgnoredLikeAnyBodyOfAMethodWithoutForms() {
		WireHttp.Response response = send("DELETE", "/api/me/sessions/" + UUID.randomUUID(), List.of(FORM, bearer()),
				"a=%zz&b=%00");
		assertProblem(response, 404, "session_not_found");
	}

	// 4. type confusion in JSON

	@Test
	void revokeAllWhenBodyIsJsonNullThenRefusedAndNotSignedOut() {
		assertProblem(send("POST", "/api/me/sessions/revoke-all", List.of("Content-Type: application/json", bearer()),
				"null"), 400, "invalid_request");
		assertThat(send("GET", "/api/me", List.of(bearer()), null).status()).as("still signed in").isEqualTo(200);
	}

	// RFC 6749 section 3.2: token endpoint parameters appear once

	@Test
	void revokeWhenTokenParameterRepeatedThenInvalidRequest() {
		assertProblem(send("POST", "/api/auth/revoke", List.of(FORM), "token=a&token=b"), 400, "invalid_request");
		assertProblem(send("POST", "/api/auth/revoke?token=a", List.of(FORM), "token=b"), 400, "invalid_request");
		assertProblem(send("POST", "/api/auth/refresh", List.of(FORM), "refresh_token=a&refresh_token=b"), 400,
				"invalid_request");
	}

	// 5. one spelling per token

	@Test
	void accessTokenWhenSignaturePaddedThenInvalidToken() {
		assertProblem(send("GET", "/api/me", List.of("Authorization: Bearer " + this.accessToken + "=="), null), 401,
				"invalid_token");
		assertThat(send("GET", "/api/me", List.of(bearer()), null).status()).isEqualTo(200);
	}

	// 6. junk posted to a callback

	@Test
	void callbackWhenJunkFormPostedThenProblem() {
		for (String body : List.of("zz=%%", "%00=%00", "=&=&=", "user=%7B&state=%zz")) {
			WireHttp.Response response = send("POST", "/api/auth/apple/callback", List.of(FORM), body);
			assertThat(response.status()).as(body).isBetween(400, 499);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
	}

	private WireHttp.Response send(String method, String target, List<String> headers, String body) {
		return WireHttp.exchange(port(), method, target, headers,
				(body != null) ? body.getBytes(StandardCharsets.ISO_8859_1) : null);
	}

	private String bearer() {
		return "Authorization: Bearer " + this.accessToken;
	}

	private static void assertProblem(WireHttp.Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("code").stringValue()).isEqualTo(code);
		assertThat(response.body()).doesNotContain("Exception", "Tomcat", "at java.");
	}

	private static String detail(WireHttp.Response response) {
		return JSON.readTree(response.body()).path("detail").stringValue();
	}

	private static long identitiesOfKratos(String subject) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM user_identities WHERE provider = 'kratos' AND subject = ?", subject);
		}
	}

	private static int port() {
		return URI.create(baseUrl()).getPort();
	}
}
