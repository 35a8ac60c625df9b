package nexus.iam.login;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.TestAppleProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign in with Apple in real Chromium, with its real cookie rules: the provider's page (on
 * 127.0.0.1, another site) POSTs the callback to the service (on localhost). Only the flow's
 * SameSite=None state cookie comes along; the session's SameSite=Lax cookies do not, and linking
 * still works because the state is bound to a session that is still live.
 */
class BrowserAppleIntegrationTests extends IntegrationTest {

	private static WebDriver browser;

	@BeforeAll
	static void start() {
		browser = Chromium.start();
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void signInAndLinkThroughTheCrossSiteFormPost() {
		String email = "chromium-apple-" + UUID.randomUUID() + "@example.com";
		TestAppleProvider.get().nextSignIn("001234." + UUID.randomUUID().toString().replace("-", "") + ".0917",
				Map.of("email", email, "email_verified", "true", "is_private_email", "false"));

		browser.get(url("/api/auth/apple/login"));
		new WebDriverWait(browser, Duration.ofSeconds(15)).until((driver) -> driver.getCurrentUrl().equals(url("/")));
		assertThat(browser.findElement(By.id("user-email")).getText()).isEqualTo(email);

		browser.get(url("/api/auth/dev/login?login_hint=" + "chromium-dev-" + UUID.randomUUID() + "@example.com"
				+ "&return_to=/account"));
		TestAppleProvider.get().nextSignIn("001234." + UUID.randomUUID().toString().replace("-", "") + ".0917",
				Map.of("email", "linked-" + email, "email_verified", true, "is_private_email", false));
		browser.findElement(By.xpath("//button[text()='Add Apple']")).click();

		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until((driver) -> driver.getCurrentUrl().equals(url("/account?notice=linked")));
		assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("The sign-in method was added.");
		assertThat(browser.findElement(By.id("identities")).getText()).contains("apple").contains("linked-" + email);
	}
}
