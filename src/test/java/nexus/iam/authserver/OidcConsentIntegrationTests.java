package nexus.iam.authserver;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent for a client that is not first-party: the page, allow and deny, remembered per user and
 * client, listed on {@code /account/applications} and withdrawn there (which ends the client's tokens).
 */
class OidcConsentIntegrationTests extends IntegrationTest {

	private final ProviderClient publicClient = new ProviderClient(baseUrl(), PUBLIC_CLIENT_ID, null,
			CLIENT_REDIRECT_URI);

	private final ProviderClient introspector = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID,
			CONFIDENTIAL_CLIENT_SECRET, CLIENT_REDIRECT_URI);

	@Test
	void firstPartyClientsAreNeverAsked() {
		Browser browser = signedIn();
		String redirect = this.introspector.authorize(browser, "openid email groups", ProviderClient.pkce(), Map.of());
		assertThat(ProviderClient.code(redirect)).isNotBlank();
	}

	@Test
	void consentIsAskedOnceThenRememberedAndTheCodeWorksWithPkce() {
		Browser browser = signedIn();
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String redirect = allow(browser, pkce);
		HttpResponse<String> tokens = this.publicClient.exchange(ProviderClient.code(redirect), pkce.verifier());
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		assertThat(ProviderClient.json(tokens).get("refresh_token")).as("no refresh token for a public client").isNull();

		// remembered: the next authorization goes straight through
		String again = this.publicClient.authorize(browser, "openid email", ProviderClient.pkce(), Map.of());
		assertThat(ProviderClient.code(again)).isNotBlank();
	}

	@Test
	void theConsentPageNamesTheClientAndLetsItsFormAnswerRedirectThere() {
		Browser browser = signedIn();
		HttpResponse<String> page = browser.get(consentPage(browser, ProviderClient.pkce()));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Test Public App", "Your e-mail address");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
			.contains("form-action 'self' https://app.nexus.test");
		assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
	}

	@Test
	void denyingSendsAccessDeniedToTheClientAndRemembersNothing() {
		Browser browser = signedIn();
		String consent = consentPage(browser, ProviderClient.pkce());
		HttpResponse<String> denied = post(browser, "/oauth2/authorize",
				"client_id=" + PUBLIC_CLIENT_ID + "&state=" + ProviderClient.encode(state(consent)));
		assertThat(denied.statusCode()).isEqualTo(302);
		assertThat(ProviderClient.query(Browser.location(denied))).containsEntry("error", "access_denied")
			.containsEntry("state", "st-123");
		assertThat(Browser.location(browser.get(this.publicClient.authorizeUrl("openid email", ProviderClient.pkce(),
				Map.of())))).contains("/oauth2/consent");
	}

	@Test
	void promptNoneWhenConsentIsNeededIsConsentRequired() {
		String redirect = this.publicClient.authorize(signedIn(), "openid email", ProviderClient.pkce(),
				Map.of("prompt", "none"));
		assertThat(ProviderClient.query(redirect)).containsEntry("error", "consent_required");
	}

	@Test
	void aConsentPostedWithoutTheSessionThatStartedItIsRefused() {
		String consent = consentPage(signedIn(), ProviderClient.pkce());
		Browser someoneElse = signedIn();
		HttpResponse<String> refused = post(someoneElse, "/oauth2/authorize", "client_id=" + PUBLIC_CLIENT_ID
				+ "&state=" + ProviderClient.encode(state(consent)) + "&scope=openid&scope=email");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void theApplicationsPageListsConsentsAndWithdrawingEndsTheClientsTokens() {
		Browser browser = signedIn();
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String access = ProviderClient.json(this.publicClient.exchange(ProviderClient.code(allow(browser, pkce)),
				pkce.verifier())).get("access_token").asString();
		assertThat(ProviderClient.json(this.introspector.introspect(access)).get("active").asBoolean()).isTrue();

		HttpResponse<String> account = browser.get(url("/account"));
		assertThat(account.body()).contains("href=\"/account/applications\"");
		HttpResponse<String> page = browser.get(url("/account/applications"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Test Public App", "Your e-mail address");
		Matcher form = Pattern.compile("action=\"(/account/applications/[^\"]+/withdraw)\"").matcher(page.body());
		assertThat(form.find()).isTrue();
		Matcher csrf = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"").matcher(page.body());
		assertThat(csrf.find()).isTrue();

		// without the CSRF token nothing happens
		assertThat(post(browser, form.group(1), "").statusCode()).isEqualTo(403);
		HttpResponse<String> withdrawn = post(browser, form.group(1), "csrf_token=" + ProviderClient.encode(csrf.group(1)));
		assertThat(withdrawn.statusCode()).isEqualTo(303);
		assertThat(browser.get(url("/account/applications")).body()).contains("id=\"no-applications\"");
		assertThat(ProviderClient.json(this.introspector.introspect(access)).get("active").asBoolean()).isFalse();
		assertThat(Browser.location(browser.get(this.publicClient.authorizeUrl("openid email", ProviderClient.pkce(),
				Map.of())))).contains("/oauth2/consent");
	}

	/** Through the consent page with "Allow"; returns the client's redirect. */
	private String allow(Browser browser, ProviderClient.Pkce pkce) {
		String consent = consentPage(browser, pkce);
		HttpResponse<String> allowed = post(browser, "/oauth2/authorize", "client_id=" + PUBLIC_CLIENT_ID + "&state="
				+ ProviderClient.encode(state(consent)) + "&scope=openid&scope=email");
		assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(302);
		assertThat(Browser.location(allowed)).startsWith(CLIENT_REDIRECT_URI + "?code=");
		return Browser.location(allowed);
	}

	private String consentPage(Browser browser, ProviderClient.Pkce pkce) {
		HttpResponse<String> response = browser.get(this.publicClient.authorizeUrl("openid email", pkce, Map.of()));
		assertThat(response.statusCode()).isEqualTo(302);
		String consent = Browser.location(response);
		assertThat(consent).startsWith(url("/oauth2/consent?"));
		return consent;
	}

	private static String state(String consentUrl) {
		return ProviderClient.query(consentUrl).get("state");
	}

	private static HttpResponse<String> post(Browser browser, String path, String form) {
		return browser.send(url(path), (request) -> request.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", baseUrl())
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static Browser signedIn() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signedIn("op-consent-" + UUID.randomUUID(), "op-consent@example.com");
		return browser;
	}
}
