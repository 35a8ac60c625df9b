package nexus.iam.account;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account page in real browsers: one user signed in from two browser profiles; the first
 * signs the second out from {@code /account}, by keyboard; the second's next API call is refused.
 */
class BrowserAccountIntegrationTests extends IntegrationTest {

	private static final String EMAIL = "two-browsers@example.com";

	private static WebDriver laptop;

	private static WebDriver phone;

	@BeforeAll
	static void start() {
		laptop = Chromium.start();
		phone = Chromium.start();
	}

	@AfterAll
	static void stop() {
		for (WebDriver browser : new WebDriver[] { laptop, phone }) {
			if (browser != null) {
				browser.quit();
			}
		}
	}

	@Test
	void signingAnotherBrowserOutFromTheAccountPageLocksItOutAtOnce() {
		phone.get(url("/api/auth/dev/login?login_hint=" + EMAIL));
		laptop.get(url("/api/auth/dev/login?login_hint=" + EMAIL + "&return_to=/account"));
		assertThat(laptop.getCurrentUrl()).isEqualTo(url("/account"));

		List<WebElement> rows = laptop.findElements(By.cssSelector("#sessions tbody tr"));
		assertThat(rows).hasSize(2);
		assertThat(laptop.findElements(By.cssSelector("#sessions tr.current"))).hasSize(1);
		WebElement other = laptop.findElement(By.cssSelector("#sessions tbody tr:not(.current)"));
		WebElement signOut = other.findElement(By.cssSelector("button.sign-out"));
		assertThat(signOut.getAccessibleName()).startsWith("Sign out").contains("last active");

		signOut.sendKeys(Keys.ENTER);

		new WebDriverWait(laptop, Duration.ofSeconds(15)).until((driver) -> driver.getCurrentUrl().contains("notice="));
		assertThat(laptop.findElement(By.id("notice")).getText()).isEqualTo("The session was signed out.");
		assertThat(laptop.findElements(By.cssSelector("#sessions tbody tr"))).hasSize(1);
		phone.get(url("/api/me"));
		assertThat(phone.findElement(By.id("code")).getText()).as("the error page, for a browser").isEqualTo("token_revoked");
		laptop.get(url("/api/me"));
		assertThat(laptop.getPageSource()).contains(EMAIL);
	}
}
