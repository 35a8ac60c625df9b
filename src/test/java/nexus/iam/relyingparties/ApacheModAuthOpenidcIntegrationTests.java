package nexus.iam.relyingparties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.ApacheRelyingParty;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nexus as the OpenID Provider of a real, certified relying party: Apache httpd with
 * mod_auth_openidc (Debian's packages) protecting a page, and a real Chromium signing in through it
 * at Nexus (with Google, played by the test provider, and through the development sign-in's form).
 * The page shows the claims Apache passed on; Apache's logout goes through Nexus's end-session
 * endpoint and ends the Nexus session; a remote sign-out in Nexus reaches Apache's back-channel
 * logout endpoint, so the next page load signs in again. The screenshots are kept in
 * {@code target/relying-party-screenshots/} (one is copied to
 * {@code docs/images/oidc-apache-claims.png}).
 */
class ApacheModAuthOpenidcIntegrationTests extends IntegrationTest {

	private static final Path SCREENSHOTS = Path.of("target", "relying-party-screenshots");

	private static ApacheRelyingParty apache;

	private WebDriver chromium;

	private String email;

	/** The same person's other Nexus session, outside Chromium: it signs the Chromium one out. */
	private Browser elsewhere;

	private String userId;

	@BeforeAll
	static void startApache() {
		apache = ApacheRelyingParty.start(APACHE_INSTANCE,
				new ApacheRelyingParty.Settings(url("/.well-known/openid-configuration"), APACHE_CLIENT_ID,
						APACHE_CLIENT_SECRET, "openid email profile groups"));
	}

	/** Who signs in at the provider playing Google. */
	private String subject;

	@BeforeEach
	void aPersonWithGroups() {
		this.subject = "apache-" + UUID.randomUUID();
		this.email = this.subject + "@example.com";
		this.elsewhere = new Browser();
		this.userId = new SignInFlow(this.elsewhere, baseUrl()).signedIn(this.subject, this.email).userId();
		assertThat(TokenClient.put(url("/api/admin/users/" + this.userId + "/groups"), ADMIN_TOKEN,
				"{\"groups\": [\"ops\", \"admins\"]}").statusCode()).isEqualTo(200);
		// a browser that keeps its console, for the failure messages
		this.chromium = Chromium.start(1280, 900);
	}

	@AfterEach
	void quit() {
		this.chromium.quit();
	}

	@Test
	void signInThroughApacheShowsTheClaimsNexusIssued() throws Exception {
		signInThroughApache();

		assertThat(text("remote-user")).isEqualTo(this.userId);
		assertThat(text("sub")).isEqualTo(this.userId);
		assertThat(text("email")).isEqualTo(this.email);
		assertThat(Arrays.asList(text("groups").split(","))).containsExactlyInAnyOrder("admins", "ops");
		assertThat(text("sid")).isEqualTo(chromiumSessionId());
		assertThat(text("acr")).isEqualTo("nexus:1fa");
		assertThat(text("iss")).isEqualTo(url(""));
		screenshot("apache-claims.png");
	}

	/**
	 * The development sign-in is a form: the browser's navigation that ends at Apache starts with its
	 * submission, so the sign-in page's Content-Security-Policy {@code form-action} must let it reach
	 * the client's redirect URI.
	 */
	@Test
	void signInThroughTheDevelopmentSignInFormComesBackToApache() {
		String email = "apache-dev-" + UUID.randomUUID() + "@example.com";
		this.chromium.get(apache.claimsPage());
		until((driver) -> driver.getCurrentUrl().startsWith(url("/?return_to=")));
		this.chromium.findElement(By.linkText("Sign in with Development sign-in")).click();
		until((driver) -> driver.getCurrentUrl().startsWith(url("/api/auth/dev/login?")));
		this.chromium.findElement(By.id("login_hint")).sendKeys(email);
		this.chromium.findElement(By.cssSelector("main form button")).click();

		until((driver) -> driver.getCurrentUrl().equals(apache.claimsPage()));
		assertThat(text("email")).isEqualTo(email);
	}

	@Test
	void apacheLogoutEndsTheNexusSessionThroughEndSession() {
		signInThroughApache();
		String sessionId = chromiumSessionId();

		this.chromium.get(apache.logoutUrl());

		until((driver) -> driver.getCurrentUrl().equals(apache.loggedOutPage()));
		assertThat(this.chromium.findElement(By.id("signed-out")).getText()).isEqualTo("Signed out of Apache");
		assertThat(liveSessionIds()).as("the Nexus session ended with Apache's").doesNotContain(sessionId);
		this.chromium.get(apache.claimsPage());
		until((driver) -> driver.getCurrentUrl().startsWith(url("/?return_to=")));
	}

	@Test
	void nexusRemoteSignOutReachesApachesBackchannelLogout() throws Exception {
		signInThroughApache();
		String sessionId = chromiumSessionId();
		Browser apacheSession = new Browser().header("Accept", "text/html");
		for (Cookie cookie : this.chromium.manage().getCookies()) {
			if (cookie.getName().startsWith("mod_auth_openidc_session")) {
				apacheSession.cookies().put(cookie.getName(), cookie.getValue());
			}
		}
		assertThat(apacheSession.get(apache.claimsPage()).statusCode()).as("Apache's session, outside Chromium")
			.isEqualTo(200);

		assertThat(TokenClient.delete(url("/api/me/sessions/" + sessionId),
				TokenClient.Tokens.of(this.elsewhere).access()).statusCode()).isEqualTo(204);

		// the logout token goes out through the outbox: Apache's session ends when it arrives
		awaitStatus(apacheSession, 302);
		this.chromium.get(apache.claimsPage());
		until((driver) -> driver.getCurrentUrl().startsWith(url("/?return_to=")));
		screenshot("apache-after-backchannel-logout.png");
	}

	/** Chromium opens the protected page, signs in at Nexus with Google (the test provider) and comes back. */
	private void signInThroughApache() {
		this.chromium.get(apache.claimsPage());
		until((driver) -> driver.getCurrentUrl().startsWith(url("/?return_to=")));
		TestOidcProvider.get().nextSignIn(this.subject, this.email);
		this.chromium.findElement(By.linkText("Sign in with Google")).click();
		until((driver) -> driver.getCurrentUrl().equals(apache.claimsPage()));
	}

	/** The Nexus session Chromium signed in with, as Nexus itself tells it. */
	private String chromiumSessionId() {
		String back = this.chromium.getCurrentUrl();
		this.chromium.get(url("/api/me"));
		JsonNode me = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(this.chromium.findElement(By.tagName("body")).getText());
		this.chromium.get(back);
		return me.path("session_id").asString();
	}

	private java.util.List<String> liveSessionIds() {
		JsonNode sessions = TokenClient.json(TokenClient.get(url("/api/me/sessions"),
				TokenClient.Tokens.of(this.elsewhere).access()));
		return sessions.path("sessions").valueStream().map((session) -> session.path("id").asString()).toList();
	}

	private String text(String id) {
		return this.chromium.findElement(By.id(id)).getText();
	}

	private void until(java.util.function.Function<WebDriver, Boolean> condition) {
		try {
			new WebDriverWait(this.chromium, Duration.ofSeconds(20)).until(condition::apply);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			try {
				screenshot("failed-" + System.nanoTime() + ".png");
			}
			catch (Exception screenshotFailed) {
				ex.addSuppressed(screenshotFailed);
			}
			StringBuilder console = new StringBuilder();
			this.chromium.manage().logs().get(LogType.BROWSER).forEach((entry) -> console.append(entry.getMessage()).append('\n'));
			throw new AssertionError("Chromium is at " + this.chromium.getCurrentUrl() + "\n"
					+ this.chromium.findElement(By.tagName("body")).getText() + "\nConsole:\n" + console + "Apache:\n"
					+ apache.errorLog(), ex);
		}
	}

	private static void awaitStatus(Browser browser, int status) throws InterruptedException {
		int last = 0;
		for (int attempt = 0; attempt < 300; attempt++) {
			last = browser.get(apache.claimsPage()).statusCode();
			if (last == status) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Apache's page still answers " + last + ", not " + status + "\n" + apache.errorLog());
	}

	private void screenshot(String name) throws java.io.IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) this.chromium).getScreenshotAs(OutputType.BYTES));
	}
}
