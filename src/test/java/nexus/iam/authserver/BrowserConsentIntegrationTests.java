package nexus.iam.authserver;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page and the applications page in real Chromium at a phone's and a desktop's
 * width: no sideways scrolling, and the consent form's answer may redirect to the client (the
 * page's CSP {@code form-action} names the client's redirect origin, which Chromium enforces on a
 * form's redirects too).
 */
class BrowserConsentIntegrationTests extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1/callback";

	private WebDriver browser;

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 390, 1280 })
	void allowOnTheConsentPageReachesTheClientAndTheApplicationsPageListsIt(int width) throws Exception {
		this.browser = Chromium.start(width, 900);
		this.browser.get(url("/api/auth/dev/login?login_hint=consent-" + UUID.randomUUID() + "@example.com&return_to=/account"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/account"));

		ProviderClient client = new ProviderClient(baseUrl(), PUBLIC_CLIENT_ID, null, REDIRECT);
		this.browser.get(client.authorizeUrl("openid email groups", ProviderClient.pkce(), Map.of()));
		assertThat(this.browser.getCurrentUrl()).startsWith(url("/oauth2/consent?"));
		assertThat(this.browser.findElement(By.id("client-name")).getText()).isEqualTo("Test Public App");
		assertNoSidewaysScrolling();
		screenshot("consent-" + width + ".png");
		this.browser.findElement(By.id("allow")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.getCurrentUrl().startsWith(REDIRECT + "?code="));

		this.browser.get(url("/account"));
		this.browser.findElement(By.id("applications-link")).click();
		assertThat(this.browser.findElement(By.id("applications")).getText()).contains("Test Public App",
				"The groups you belong to");
		assertNoSidewaysScrolling();
		screenshot("applications-" + width + ".png");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280 })
	void aSignInThatEndsWithAFormStillReachesTheClient(int width) {
		this.browser = Chromium.start(width, 900);
		ProviderClient client = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, REDIRECT);
		this.browser.get(client.authorizeUrl("openid", ProviderClient.pkce(), Map.of()));
		assertThat(this.browser.getCurrentUrl()).startsWith(url("/?return_to="));
		String returnTo = ProviderClient.query(this.browser.getCurrentUrl()).get("return_to");
		// the development sign-in's form: its page's CSP form-action does not name the client
		this.browser.get(url("/api/auth/dev/login?return_to=" + ProviderClient.encode(returnTo)));
		this.browser.findElement(By.id("login_hint")).sendKeys("form-" + UUID.randomUUID() + "@example.com");
		this.browser.findElement(By.cssSelector("form button[type=submit]")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((driver) -> driver.getCurrentUrl().startsWith(REDIRECT + "?code="));
	}

	/** Kept for a person to look at: target/consent-screenshots. */
	private void screenshot(String name) throws java.io.IOException {
		java.nio.file.Path folder = java.nio.file.Path.of("target", "consent-screenshots");
		java.nio.file.Files.createDirectories(folder);
		java.nio.file.Files.write(folder.resolve(name),
				((org.openqa.selenium.TakesScreenshot) this.browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
	}

	private void assertNoSidewaysScrolling() {
		JavascriptExecutor js = (JavascriptExecutor) this.browser;
		long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
		long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
		assertThat(scrollWidth).as("no sideways scrolling on " + this.browser.getCurrentUrl()).isLessThanOrEqualTo(innerWidth);
	}
}
