package nexus.iam.account;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /account} over HTTP: what it shows, its forms, and their CSRF protection. */
class AccountPageIntegrationTests extends IntegrationTest {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

	private final TokenClient client = new TokenClient(baseUrl());

	@Test
	void whenNotSignedInThenSentToSignInAndBackHere() {
		HttpResponse<String> response = new Browser().get(url("/account"));

		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(Browser.location(response)).isEqualTo(url("/?return_to=/account"));
		HttpResponse<String> home = new Browser().get(Browser.location(response));
		assertThat(home.body()).contains("/api/auth/google/login?return_to=%2Faccount");
	}

	@Test
	void showsEverySessionOfTheUserAndMarksThisDevice() {
		String subject = "account-" + UUID.randomUUID();
		Browser browser = signedInBrowser(subject);
		Tokens other = Tokens.of(signedInBrowser(subject));

		HttpResponse<String> page = browser.get(url("/account"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
			.doesNotContain("unsafe-inline");
		assertThat(page.body()).doesNotContain("<script");
		assertThat(page.body()).contains("data-session-id=\"" + sid(Tokens.of(browser)) + "\"")
			.contains("data-session-id=\"" + sid(other) + "\"");
		assertThat(count(page.body(), "This device")).isEqualTo(1);
		assertThat(page.body()).contains("Signed in with Google").contains("Sign out everywhere else");
	}

	@Test
	void whenAccessTokenExpiredThenThePageRefreshesWithTheRefreshCookie() {
		Browser browser = signedInBrowser("account-" + UUID.randomUUID());
		String refreshBefore = Tokens.of(browser).refresh();
		this.clock.advance(Duration.ofMinutes(16));

		HttpResponse<String> page = browser.get(url("/account"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("This device");
		assertThat(Tokens.of(browser).refresh()).as("rotated").isNotEqualTo(refreshBefore);
		assertThat(this.client.me(Tokens.of(browser).access()).statusCode()).isEqualTo(200);
	}

	@Test
	void whenRefreshCookieIsDeadThenCookiesClearedAndSentToSignIn() {
		Browser browser = signedInBrowser("account-" + UUID.randomUUID());
		this.client.revoke(TokenClient.form("token", Tokens.of(browser).refresh()));
		this.clock.advance(Duration.ofMinutes(16));

		HttpResponse<String> page = browser.get(url("/account"));

		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(browser.cookies()).isEmpty();
	}

	@Test
	void signOutFormEndsTheOtherSession() {
		String subject = "account-" + UUID.randomUUID();
		Browser browser = signedInBrowser(subject);
		Tokens other = Tokens.of(signedInBrowser(subject));
		String csrf = csrfToken(browser.get(url("/account")).body());

		HttpResponse<String> response = postForm(browser, "/account/sessions/" + sid(other) + "/sign-out",
				"csrf_token=" + csrf, null);

		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(Browser.location(response)).isEqualTo(url("/account?notice=signed-out"));
		assertThat(this.client.me(other.access()).statusCode()).isEqualTo(401);
		HttpResponse<String> page = browser.get(Browser.location(response));
		assertThat(page.body()).contains("The session was signed out.").doesNotContain(sid(other));
	}

	@Test
	void signOutFormWhenOwnSessionThenCookiesClearedAndHome() {
		Browser browser = signedInBrowser("account-" + UUID.randomUUID());
		Tokens tokens = Tokens.of(browser);
		String csrf = csrfToken(browser.get(url("/account")).body());

		HttpResponse<String> response = postForm(browser, "/account/sessions/" + sid(tokens) + "/sign-out",
				"csrf_token=" + csrf, null);

		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(Browser.location(response)).isEqualTo(url("/"));
		assertThat(browser.cookies()).isEmpty();
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(401);
	}

	@Test
	void signOutFormWithoutOrWithAWrongCsrfTokenIsRefused() {
		String subject = "account-" + UUID.randomUUID();
		Browser browser = signedInBrowser(subject);
		Tokens other = Tokens.of(signedInBrowser(subject));
		Tokens elsewhere = Tokens.of(signedInBrowser("account-" + UUID.randomUUID()));
		String path = "/account/sessions/" + sid(other) + "/sign-out";

		assertThat(postForm(browser, path, "", null).statusCode()).isEqualTo(403);
		assertThat(postForm(browser, path, "csrf_token=" + csrfTokenOf(elsewhere), null).statusCode())
			.as("another session's token")
			.isEqualTo(403);
		assertThat(this.client.me(other.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void signOutFormFromAnotherSiteIsRefusedEvenWithTheToken() {
		String subject = "account-" + UUID.randomUUID();
		Browser browser = signedInBrowser(subject);
		Tokens other = Tokens.of(signedInBrowser(subject));
		String csrf = csrfToken(browser.get(url("/account")).body());

		HttpResponse<String> response = postForm(browser, "/account/sessions/" + sid(other) + "/sign-out",
				"csrf_token=" + csrf, "https://evil.example");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.client.me(other.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void signOutOthersFormKeepsOnlyThisSession() {
		String subject = "account-" + UUID.randomUUID();
		Browser browser = signedInBrowser(subject);
		Tokens other1 = Tokens.of(signedInBrowser(subject));
		Tokens other2 = Tokens.of(signedInBrowser(subject));
		String csrf = csrfToken(browser.get(url("/account")).body());

		HttpResponse<String> response = postForm(browser, "/account/sessions/sign-out-others", "csrf_token=" + csrf,
				null);

		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(this.client.me(other1.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.me(other2.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.me(Tokens.of(browser).access()).statusCode()).isEqualTo(200);
		assertThat(browser.get(url("/account")).body()).contains("Signed out of all other sessions");
	}

	@Test
	void signOutFormWhenSomeoneElsesSessionThenNothingEnds() {
		Browser browser = signedInBrowser("account-" + UUID.randomUUID());
		Tokens victim = Tokens.of(signedInBrowser("account-" + UUID.randomUUID()));
		String csrf = csrfToken(browser.get(url("/account")).body());

		HttpResponse<String> response = postForm(browser, "/account/sessions/" + sid(victim) + "/sign-out",
				"csrf_token=" + csrf, null);

		assertThat(Browser.location(response)).isEqualTo(url("/account?notice=not-found"));
		assertThat(this.client.me(victim.access()).statusCode()).isEqualTo(200);
	}

	private Browser signedInBrowser(String subject) {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn(subject, "account@example.com").statusCode())
			.isEqualTo(302);
		return browser;
	}

	private String csrfTokenOf(Tokens tokens) {
		Browser browser = new Browser();
		browser.cookies().put("nexus_access", tokens.access());
		return csrfToken(browser.get(url("/account")).body());
	}

	private static HttpResponse<String> postForm(Browser browser, String path, String form, String origin) {
		return browser.send(url(path), (r) -> {
			r.header("Content-Type", "application/x-www-form-urlencoded").header("Origin",
					(origin != null) ? origin : baseUrl());
			return r.POST(HttpRequest.BodyPublishers.ofString(form));
		});
	}

	private static String csrfToken(String html) {
		Matcher matcher = CSRF_FIELD.matcher(html);
		assertThat(matcher.find()).as("the page's form carries the CSRF token").isTrue();
		return matcher.group(1);
	}

	private static int count(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

	private static String sid(Tokens tokens) {
		return tokens.sessionId();
	}
}
