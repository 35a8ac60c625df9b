package nexus.iam.problem;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.RawHttp;
import nexus.iam.testsupport.SignInFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that asks for HTML gets the error page, with the same status and code as an API client
 * gets in problem+json; whichever part of the service refused it (a controller, Spring MVC, a
 * security filter, forward-auth).
 */
class ErrorPageIntegrationTests extends IntegrationTest {

	/** What Chromium sends for a navigation. */
	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

	@Test
	void unknownPathFromABrowserThenAPageWithASentenceTheCodeAndTheRequestId() {
		HttpResponse<String> page = navigate(signedIn(), "/nope");

		assertPage(page, 404, "not_found");
		assertThat(page.body()).contains("There is no page at this address").doesNotContain("static resource");
		assertThat(page.body()).contains(page.headers().firstValue("X-Request-ID").orElseThrow());
		assertThat(page.body()).contains("href=\"/\"");
	}

	@Test
	void unknownPathFromAnApiClientThenProblemJson() {
		HttpResponse<String> problem = signedIn().send(url("/nope"), (r) -> r.header("Accept", "*/*").GET());

		assertThat(problem.statusCode()).isEqualTo(404);
		assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.body()).contains("\"code\":\"not_found\"").doesNotContain("static resource");
	}

	@Test
	void unsafeReturnToFromABrowserThenStillRefusedNowAsAPage() {
		HttpResponse<String> page = navigate(new Browser(), "/api/auth/google/login?return_to=https://evil.example/");

		assertPage(page, 400, "invalid_return_to");
		assertThat(page.headers().firstValue("Location")).as("never followed").isEmpty();
		assertThat(page.body()).doesNotContain("evil.example");
	}

	@Test
	void expiredSignInStateFromABrowserThenAPageOfferingToSignInAgain() {
		HttpResponse<String> page = navigate(new Browser(), "/api/auth/google/callback?state=x&code=y");

		assertPage(page, 400, "login_state_missing");
		assertThat(page.body()).contains("id=\"sign-in-again\"");
	}

	@Test
	void unknownProviderFromABrowserThenAPage() {
		assertPage(navigate(new Browser(), "/api/auth/nope/login"), 404, "unknown_provider");
	}

	@Test
	void refusedBySecurityFilterFromABrowserThenAPage() {
		// a cookie-authenticated form post without its CSRF token: refused in a filter, before MVC
		Browser browser = signedIn();
		HttpResponse<String> page = browser.send(url("/account/sessions/sign-out-others"),
				(r) -> r.header("Accept", BROWSER_ACCEPT)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("x=1")));

		assertPage(page, 403, "csrf_token_invalid");
	}

	@Test
	void anonymousApiPathFromABrowserThenAPage() {
		assertPage(navigate(new Browser(), "/api/me"), 401, "unauthenticated");
	}

	@Test
	void deniedForwardAuthFromABrowserThenAPage() {
		int port = URI.create(baseUrl()).getPort();
		String response = RawHttp.getWithBody("127.0.0.2", port, "/api/auth/verify", "X-Forwarded-Host: blocked.nexus.test",
				"X-Forwarded-Proto: https", "X-Forwarded-Uri: /", "Accept: " + BROWSER_ACCEPT);

		assertThat(response).startsWith("HTTP/1.1 403");
		assertThat(response).containsIgnoringCase("Content-Type: text/html").contains("<code id=\"code\">forbidden</code>");
	}

	@Test
	void theErrorPageNeverEchoesTheRequest() {
		HttpResponse<String> page = navigate(signedIn(), "/%3Cscript%3Ealert(1)%3C/script%3E");

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).doesNotContain("<script").doesNotContain("alert(1)");
	}

	private static HttpResponse<String> navigate(Browser browser, String path) {
		return browser.send(url(path), (r) -> r.header("Accept", BROWSER_ACCEPT).GET());
	}

	private static void assertPage(HttpResponse<String> page, int status, String code) {
		assertThat(page.statusCode()).isEqualTo(status);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.body()).contains("<code id=\"code\">" + code + "</code>")
			.contains("<span id=\"status\">" + status + "</span>")
			.doesNotContain("\"type\"");
	}

	private static Browser signedIn() {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn("pages-" + java.util.UUID.randomUUID(), "pages@example.com")
			.statusCode()).isEqualTo(302);
		return browser;
	}
}
