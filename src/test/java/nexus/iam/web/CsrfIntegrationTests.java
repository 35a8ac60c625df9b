package nexus.iam.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/** CSRF: cookie-authenticated mutations need their session's token and must not come cross-site. */
class CsrfIntegrationTests extends IntegrationTest {

	@Test
	void mutationWithCookieWhenNoTokenThenForbidden() {
		Browser browser = signedIn();
		assertCsrfRejected(logout(browser, (r) -> r));
		assertThat(browser.get(url("/api/me")).statusCode()).as("still signed in").isEqualTo(200);
	}

	@Test
	void mutationWithCookieWhenAnotherSessionsTokenThenForbidden() {
		Browser victim = signedIn();
		String attackersToken = csrfToken(signedIn());
		assertCsrfRejected(logout(victim, (r) -> r.header("X-CSRF-Token", attackersToken)));
	}

	@Test
	void mutationWithCookieWhenRightTokenThenDone() {
		Browser browser = signedIn();
		String token = csrfToken(browser);
		assertThat(logout(browser, (r) -> r.header("X-CSRF-Token", token)).statusCode()).isEqualTo(204);
	}

	@Test
	void mutationWithCookieAndANonBearerAuthorizationHeaderStillNeedsTheToken() {
		Browser browser = signedIn();
		assertCsrfRejected(logout(browser, (r) -> r.header("Authorization", "Basic eDp5")));
		browser.cookies().remove("nexus_access");
		assertCsrfRejected(logout(browser, (r) -> r.header("Authorization", "Basic eDp5")));
	}

	@Test
	void mutationWithBearerWhenNoTokenThenDone() {
		String access = signedIn().cookies().get("nexus_access");
		HttpResponse<String> response = new Browser().send(url("/api/auth/logout"),
				(r) -> r.header("Authorization", "Bearer " + access).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(204);
	}

	@Test
	void mutationWithCookieWhenCrossSiteThenForbiddenEvenWithTheToken() {
		Browser browser = signedIn();
		String token = csrfToken(browser);
		// a disallowed Origin is refused by CORS already, with a problem of its own
		HttpResponse<String> evilOrigin = logout(browser,
				(r) -> r.header("X-CSRF-Token", token).header("Origin", "https://evil.example"));
		assertThat(evilOrigin.statusCode()).isEqualTo(403);
		assertThat(TokenClient.json(evilOrigin).get("code").asString()).isEqualTo("origin_not_allowed");
		assertThat(refresh(browser, (r) -> r.header("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
		// no Origin, but the browser says cross-site
		assertCsrfRejected(logout(browser, (r) -> r.header("X-CSRF-Token", token).header("Sec-Fetch-Site", "cross-site")));
		assertCsrfRejected(refresh(browser, (r) -> r.header("Sec-Fetch-Site", "cross-site")));
		assertThat(logout(browser, (r) -> r.header("X-CSRF-Token", token).header("Origin", "https://app.nexus.test"))
			.statusCode()).as("an allowed origin").isEqualTo(204);
	}

	@Test
	void signOutByRefreshCookieAloneNeedsTheTokenToo() {
		Browser browser = signedIn();
		String token = csrfToken(browser);
		browser.cookies().remove("nexus_access");
		assertCsrfRejected(logout(browser, (r) -> r));
		assertThat(logout(browser, (r) -> r.header("X-CSRF-Token", token)).statusCode()).isEqualTo(204);
	}

	@Test
	void tokenIsHandedOutAtSignInRefreshAndByTheCsrfEndpoint() {
		Browser browser = new Browser();
		TestOidcProvider.get().nextSignIn("google-" + UUID.randomUUID(), "csrf@example.com");
		HttpResponse<String> callback = browser.get(new SignInFlow(browser, baseUrl()).startAndAuthorize(""));
		String atSignIn = callback.headers().firstValue("X-CSRF-Token").orElseThrow();

		HttpResponse<String> csrf = browser.get(url("/api/auth/csrf"));
		assertThat(TokenClient.json(csrf).get("token").asString()).isEqualTo(atSignIn);
		assertThat(csrf.headers().firstValue("Cache-Control")).hasValue("no-store");
		// a page reloaded after its access token expired gets the token back from the refresh
		browser.cookies().remove("nexus_access");
		HttpResponse<String> refreshed = refresh(browser, (r) -> r);
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(refreshed.headers().firstValue("X-CSRF-Token")).hasValue(atSignIn);

		assertThat(new Browser().get(url("/api/auth/csrf")).statusCode()).as("anonymous").isEqualTo(401);
	}

	private static Browser signedIn() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "csrf@example.com");
		return browser;
	}

	private static String csrfToken(Browser browser) {
		return TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
	}

	private static HttpResponse<String> logout(Browser browser, UnaryOperator<HttpRequest.Builder> headers) {
		return browser.send(url("/api/auth/logout"), (r) -> headers.apply(r).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private static HttpResponse<String> refresh(Browser browser, UnaryOperator<HttpRequest.Builder> headers) {
		return browser.send(url("/api/auth/refresh"), (r) -> headers.apply(r).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private static void assertCsrfRejected(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo("csrf_token_invalid");
	}
}
