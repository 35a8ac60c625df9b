package nexus.iam.passkey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys in real Chromium with a virtual authenticator (CTAP2, internal transport, resident
 * keys, user verification): added on the account's passkeys page, used to sign in from the home
 * page after signing out (autofill and button), used for a two-factor step-up, removed. One
 * without user verification is refused.
 */
class BrowserPasskeyIntegrationTests extends IntegrationTest {

	/** Where the screenshots for docs/passkeys.md land. */
	private static final Path SCREENSHOTS = Path.of("target", "passkey-screenshots");

	private WebDriver browser;

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void addSignOutSignInWithThePasskeyStepUpWithItThenRemoveIt() throws Exception {
		this.browser = Chromium.start();
		VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) this.browser)
			.addVirtualAuthenticator(options(true));
		String email = "passkey-" + UUID.randomUUID() + "@example.com";
		this.browser.get(url("/api/auth/dev/login?login_hint=" + email + "&return_to=/account"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/account"));

		this.browser.findElement(By.id("passkeys-link")).click();
		assertThat(this.browser.findElement(By.id("no-passkeys")).isDisplayed()).isTrue();
		this.browser.findElement(By.id("passkey-name")).sendKeys("Virtual key");
		this.browser.findElement(By.id("add-passkey")).click();
		waitFor((d) -> d.getCurrentUrl().contains("notice=added"));
		assertThat(this.browser.findElement(By.cssSelector("#passkeys tbody tr input[name=name]")).getAttribute("value"))
			.isEqualTo("Virtual key");
		assertThat(authenticator.getCredentials()).singleElement()
			.satisfies((credential) -> assertThat(credential.isResidentCredential()).isTrue());
		screenshot("passkeys-page.png");
		atPhoneWidth(() -> screenshot("passkeys-page-phone.png"));

		signOut();

		// autofill (conditional mediation): the virtual authenticator answers the page's
		// conditional request at once, as a user picking the passkey from the autofill list
		this.browser.get(url("/?return_to=/account"));
		waitFor((d) -> d.getCurrentUrl().equals(url("/account")));
		this.browser.get(url("/api/me"));
		assertThat(this.browser.getPageSource()).contains("\"mfa\"", "\"hwk\"");
		signOut();

		// the button, in a browser without conditional mediation
		((ChromeDriver) this.browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
				"PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);"));
		this.browser.get(url("/?return_to=/account"));
		screenshot("home-page.png");
		this.browser.findElement(By.id("passkey-sign-in")).click();
		waitFor((d) -> d.getCurrentUrl().equals(url("/account")));
		this.browser.get(url("/api/me"));
		assertThat(this.browser.getPageSource()).contains("\"mfa\"", "\"hwk\"");

		// a session signed in by another method steps up to two factors with the passkey
		signOut();
		this.browser.get(url("/api/auth/dev/login?login_hint=" + email + "&return_to=/account"));
		this.browser.get(url("/api/me"));
		assertThat(this.browser.getPageSource()).doesNotContain("\"mfa\"");
		this.browser.get(url("/account/mfa/verify?rd=/account/passkeys"));
		this.browser.findElement(By.id("passkey-step-up")).click();
		waitFor((d) -> d.getCurrentUrl().equals(url("/account/passkeys")));
		this.browser.get(url("/api/me"));
		assertThat(this.browser.getPageSource()).contains("\"mfa\"");

		this.browser.get(url("/account/passkeys"));
		assertThat(this.browser.findElement(By.cssSelector("#passkeys tbody tr")).getText()).doesNotContain("never");
		this.browser.findElement(By.cssSelector("#passkeys tbody tr button.danger")).click();
		waitFor((d) -> d.getCurrentUrl().contains("notice=removed"));
		assertThat(this.browser.findElement(By.id("no-passkeys")).isDisplayed()).isTrue();
	}

	@Test
	void anAuthenticatorWithoutUserVerificationIsRefused() {
		this.browser = Chromium.start();
		VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) this.browser)
			.addVirtualAuthenticator(options(false));
		this.browser.get(url("/api/auth/dev/login?login_hint=no-uv-" + UUID.randomUUID() + "@example.com&return_to=/account"));
		this.browser.get(url("/account/passkeys"));
		this.browser.findElement(By.id("add-passkey")).click();

		waitFor((d) -> d.findElement(By.id("passkey-status")).isDisplayed());
		assertThat(this.browser.findElement(By.id("passkey-status")).getText()).startsWith("Adding the passkey did not work");
		this.browser.get(url("/account/passkeys"));
		assertThat(this.browser.findElement(By.id("no-passkeys")).isDisplayed()).isTrue();
		assertThat(authenticator.getCredentials()).isEmpty();
	}

	/**
	 * Signs this browser's session out from the account page. The sign-out lands on the home page,
	 * whose passkey autofill the virtual authenticator would answer at once (a person has to pick
	 * the passkey): autofill is off in this browser until the sign-out is checked.
	 */
	private void signOut() {
		ChromeDriver chrome = (ChromeDriver) this.browser;
		Map<String, Object> noAutofill = chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of(
				"source", "PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);"));
		try {
			this.browser.get(url("/account"));
			this.browser.findElement(By.cssSelector("#sessions tr.current button.sign-out")).click();
			waitFor((d) -> !d.getCurrentUrl().endsWith("/account"));
			this.browser.get(url("/api/me"));
			assertThat(this.browser.getPageSource()).contains("unauthenticated");
		}
		finally {
			chrome.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
					Map.of("identifier", noAutofill.get("identifier")));
		}
	}

	private static VirtualAuthenticatorOptions options(boolean userVerification) {
		return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
			.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
			.setHasResidentKey(true)
			.setHasUserVerification(userVerification)
			.setIsUserVerified(userVerification)
			.setIsUserConsenting(true);
	}

	private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
		// generous: on a loaded CI machine the page's script, the ceremony and the redirect take a while;
		// ChromeDriver may answer an element call with an error while the page is being replaced
		new WebDriverWait(this.browser, Duration.ofSeconds(40)).ignoring(org.openqa.selenium.WebDriverException.class)
			.until(condition::apply);
	}

	/** The page as a phone shows it: one card per passkey, nothing to scroll sideways. */
	private void atPhoneWidth(ThrowingRunnable look) throws Exception {
		Dimension before = this.browser.manage().window().getSize();
		this.browser.manage().window().setSize(new Dimension(390, 900));
		try {
			JavascriptExecutor js = (JavascriptExecutor) this.browser;
			waitFor((d) -> ((Number) js.executeScript("return window.innerWidth")).longValue() <= 400);
			long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
			long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
			assertThat(scrollWidth).as("no sideways scrolling at a phone's width").isLessThanOrEqualTo(innerWidth);
			look.run();
		}
		finally {
			this.browser.manage().window().setSize(before);
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;
	}

	private void screenshot(String name) throws Exception {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
	}
}
