package nexus.iam.relyingparties;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.ApacheRelyingParty;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.TestOidcProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Apache httpd + mod_auth_openidc harness, proven against a provider that is not Nexus
 * (mock-oauth2-server, which plays Google in the other tests): sign-in with code and PKCE, the
 * claims Apache passes on, Apache's logout through the provider's end-session endpoint, and a
 * back-channel logout token that ends Apache's session. The same harness then runs against Nexus
 * in {@code ApacheModAuthOpenidcIntegrationTests}.
 */
class ApacheRelyingPartyHarnessTests {

	private static final TestOidcProvider PROVIDER = TestOidcProvider.get();

	private static final ApacheRelyingParty APACHE = ApacheRelyingParty.start("mock-provider",
			new ApacheRelyingParty.Settings(PROVIDER.metadataUrl(), TestOidcProvider.CLIENT_ID,
					TestOidcProvider.CLIENT_SECRET, "openid email profile"));

	@Test
	void signInShowsTheClaimsApachePassesOn() {
		String subject = "apache-" + UUID.randomUUID();
		String sid = UUID.randomUUID().toString();
		Browser browser = signedIn(subject, sid);

		HttpResponse<String> page = browser.get(APACHE.claimsPage());

		assertThat(page.statusCode()).as(APACHE.errorLog()).isEqualTo(200);
		assertThat(page.body()).contains("<dd id=\"remote-user\">" + subject + "</dd>")
			.contains("<dd id=\"sub\">" + subject + "</dd>")
			.contains("<dd id=\"email\">" + subject + "@example.com</dd>")
			.contains("<dd id=\"groups\">admins,ops</dd>")
			.contains("<dd id=\"sid\">" + sid + "</dd>");
	}

	@Test
	void signInSendsAPkceChallengeWithS256() {
		Browser browser = htmlBrowser();

		HttpResponse<String> toProvider = browser.get(APACHE.claimsPage());

		assertThat(toProvider.statusCode()).isEqualTo(302);
		assertThat(Browser.location(toProvider)).startsWith(PROVIDER.issuer() + "/authorize?")
			.contains("code_challenge_method=S256")
			.contains("code_challenge=")
			.contains("redirect_uri=" + URLEncoder.encode(ApacheRelyingParty.redirectUri("mock-provider"),
					StandardCharsets.UTF_8));
	}

	@Test
	void logoutGoesThroughTheProvidersEndSessionAndEndsApachesSession() {
		Browser browser = signedIn("apache-" + UUID.randomUUID(), UUID.randomUUID().toString());

		HttpResponse<String> logout = browser.get(APACHE.logoutUrl());

		assertThat(logout.statusCode()).as(APACHE.errorLog()).isEqualTo(302);
		String endSession = Browser.location(logout);
		assertThat(endSession).startsWith(PROVIDER.issuer() + "/endsession?").contains("id_token_hint=")
			.contains("post_logout_redirect_uri=" + URLEncoder.encode(APACHE.loggedOutPage(), StandardCharsets.UTF_8));
		assertThat(browser.follow(endSession).body()).contains("Signed out of Apache");
		assertThat(browser.get(APACHE.claimsPage()).statusCode()).as("signed out: back to the provider")
			.isEqualTo(302);
	}

	@Test
	void backchannelLogoutTokenEndsTheSessionWithThatSid() {
		String subject = "apache-" + UUID.randomUUID();
		String sid = UUID.randomUUID().toString();
		Browser browser = signedIn(subject, sid);
		Browser other = signedIn("apache-" + UUID.randomUUID(), UUID.randomUUID().toString());

		HttpResponse<String> answer = postLogoutToken(PROVIDER.logoutToken(subject, TestOidcProvider.CLIENT_ID, sid));

		assertThat(answer.statusCode()).as(APACHE.errorLog()).isEqualTo(200);
		HttpResponse<String> next = browser.get(APACHE.claimsPage());
		assertThat(next.statusCode()).as("the session with that sid ended").isEqualTo(302);
		assertThat(Browser.location(next)).startsWith(PROVIDER.issuer() + "/authorize?");
		assertThat(other.get(APACHE.claimsPage()).statusCode()).as("another session goes on").isEqualTo(200);
	}

	@Test
	void backchannelLogoutTokenForAnotherAudienceIsRefused() {
		String subject = "apache-" + UUID.randomUUID();
		String sid = UUID.randomUUID().toString();
		Browser browser = signedIn(subject, sid);

		HttpResponse<String> answer = postLogoutToken(PROVIDER.logoutToken(subject, "another-client", sid));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(browser.get(APACHE.claimsPage()).statusCode()).as("the session goes on").isEqualTo(200);
	}

	/** mod_auth_openidc sends only browsers to the provider; other clients get a 401. */
	private static Browser htmlBrowser() {
		return new Browser().header("Accept", "text/html");
	}

	private static HttpResponse<String> postLogoutToken(String logoutToken) {
		return new Browser().send(APACHE.backchannelLogoutUrl(),
				(request) -> request.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("logout_token=" + logoutToken)));
	}

	private static Browser signedIn(String subject, String sid) {
		PROVIDER.nextSignIn(subject, subject + "@example.com", Map.of("sid", sid, "groups", List.of("admins", "ops")));
		Browser browser = htmlBrowser();
		HttpResponse<String> page = browser.follow(APACHE.claimsPage());
		assertThat(page.statusCode()).as(APACHE.errorLog()).isEqualTo(200);
		return browser;
	}
}
