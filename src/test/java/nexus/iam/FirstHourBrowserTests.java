package nexus.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.SessionApplications;
import nexus.iam.testsupport.Base32Text;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.TestOidcProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first hour of a person, in a real Chromium at a phone's width and a desktop's: sign in with
 * the development provider, the account page, adding Google and a development address (and being
 * refused one that belongs to someone else), setting up two-factor and confirming with it, signing
 * out everywhere else and then here, and the error pages on the way. Every page is checked for
 * console errors and for fitting the width; the screenshots are kept in
 * {@code target/screenshots/<width>/} (build output; a few are copied to {@code docs/images/}).
 */
class FirstHourBrowserTests extends IntegrationTest {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private WebDriver browser;

	@Autowired
	private SessionApplications applications;

	private Path shots;

	@ParameterizedTest(name = "{0} px wide")
	@ValueSource(ints = { 390, 1280 })
	void theFirstHour(int width) throws Exception {
		this.shots = Files.createDirectories(SCREENSHOTS.resolve(Integer.toString(width)));
		this.browser = Chromium.start(width, (width < 600) ? 844 : 900);
		try {
			walk(width);
		}
		finally {
			this.browser.quit();
		}
	}

	private void walk(int width) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String email = "first-hour-" + width + "-" + run + "@example.com";

		// home, signed out: the development sign-in asks for an address
		open("/");
		page("home-signed-out");
		this.browser.findElement(By.linkText("Sign in with Development sign-in")).click();
		page("dev-sign-in");
		assertThat(text("main")).doesNotContain("whoever");
		this.browser.findElement(By.id("login_hint")).sendKeys(email);
		this.browser.findElement(By.cssSelector("main form button")).click();
		await("/");
		page("home-signed-in");
		assertThat(text("#user-email")).isEqualTo(email);
		assertThat(text("#signed-in")).contains("Development sign-in").doesNotContainPattern("\\bdev\\b");

		// the account page: two-factor off, the development provider not offered again
		open("/account");
		assertThat(text("#mfa-state")).startsWith("Off.");
		assertThat(buttons("#link-providers button")).contains("Add Google").doesNotContain("Add Development sign-in");
		assertThat(text("#sessions")).contains("with Development sign-in").doesNotContain("with dev");
		// the session has signed in to two applications through Nexus as an OpenID Provider
		UUID sessionId = UUID.fromString(SignedJWT
			.parse(this.browser.manage().getCookieNamed("nexus_access").getValue())
			.getJWTClaimsSet()
			.getStringClaim("sid"));
		this.applications.signedIn(sessionId, LOGOUT_RP_A);
		this.applications.signedIn(sessionId, LOGOUT_RP_B);
		open("/account");
		assertThat(text("#sessions .applications")).isEqualTo("Signed in to Logout RP A, Logout RP B");
		page("account");

		// add Google from the page: back on the page, with a notice that is not a problem
		TestOidcProvider.get().nextSignIn("google-" + run + "-" + width, "g-" + email);
		click(By.xpath("//button[normalize-space()='Add Google']"));
		await("/account?notice=linked");
		assertThat(this.browser.findElement(By.id("notice")).getAttribute("class")).doesNotContain("problem");
		assertThat(text("#identities")).contains("Google").contains("Development sign-in");
		assertThat(buttons("#link-providers button")).as("only what is not linked yet").containsExactly("Add Apple");

		// someone signed in with Google adds a development address from the page: the address form, then linked
		String secondEmail = "second-" + width + "-" + run + "@example.com";
		WebDriver second = Chromium.start(width, 900);
		try {
			TestOidcProvider.get().nextSignIn("google-second-" + run + "-" + width, "g2-" + email);
			second.get(url("/api/auth/google/login?return_to=/account"));
			assertThat(second.getCurrentUrl()).isEqualTo(url("/account"));
			second.findElement(By.xpath("//button[normalize-space()='Add Development sign-in']")).click();
			until(second, (driver) -> driver.findElement(By.tagName("h1")).getText().equals("Add a development sign-in"));
			if (width == 1280) {
				save(second, "link-dev");
			}
			second.findElement(By.id("login_hint")).sendKeys(secondEmail);
			second.findElement(By.cssSelector("main form button")).click();
			until(second, (driver) -> driver.getCurrentUrl().equals(url("/account?notice=linked")));
			assertThat(second.findElement(By.id("identities")).getText()).contains("Development sign-in")
				.contains(secondEmail);
		}
		finally {
			second.quit();
		}

		// a third person tries to add the first person's development address: refused, on the page, as a problem
		WebDriver third = Chromium.start(width, 900);
		try {
			TestOidcProvider.get().nextSignIn("google-third-" + run + "-" + width, "g3-" + email);
			third.get(url("/api/auth/google/login?return_to=/account"));
			third.findElement(By.xpath("//button[normalize-space()='Add Development sign-in']")).click();
			until(third, (driver) -> !driver.findElements(By.id("login_hint")).isEmpty());
			third.findElement(By.id("login_hint")).sendKeys(email);
			third.findElement(By.cssSelector("main form button")).click();
			until(third, (driver) -> driver.getCurrentUrl().equals(url("/account?notice=link-taken")));
			WebElement notice = third.findElement(By.id("notice"));
			assertThat(notice.getAttribute("class")).contains("problem");
			assertThat(notice.getText()).contains("belongs to another account");
			assertThat(third.findElement(By.id("identities")).getText()).doesNotContain("Development sign-in");
			if (width == 1280) {
				save(third, "link-refused");
			}
		}
		finally {
			third.quit();
		}

		// two-factor: set up with the key shown, a wrong code is a problem, the right one turns it on
		open("/account/mfa");
		click(By.id("mfa-start"));
		until(this.browser, (driver) -> !driver.findElements(By.id("mfa-secret")).isEmpty());
		byte[] secret = Base32Text.decode(text("#mfa-secret"));
		page("mfa-set-up");
		this.browser.findElement(By.id("mfa-confirm-code")).sendKeys(wrong(totp(secret)));
		click(By.xpath("//button[normalize-space()='Turn on']"));
		until(this.browser, (driver) -> driver.getCurrentUrl().contains("notice="));
		WebElement wrongCode = this.browser.findElement(By.id("notice"));
		assertThat(wrongCode.getAttribute("class")).contains("problem");
		assertThat(wrongCode.getAttribute("role")).isEqualTo("alert");
		page("mfa-wrong-code");
		this.browser.findElement(By.id("mfa-confirm-code")).sendKeys(totp(secret));
		click(By.xpath("//button[normalize-space()='Turn on']"));
		until(this.browser, (driver) -> !driver.findElements(By.id("recovery-codes")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector("#recovery-codes li"))).hasSize(10);
		page("mfa-recovery-codes");
		open("/account");
		assertThat(text("#mfa-state")).startsWith("On.");

		// step-up: the verify page, a fresh code
		this.clock.advance(Duration.ofSeconds(30)); // the confirmation spent this step's code
		open("/account/mfa/verify?rd=" + url("/account"));
		page("mfa-verify");
		this.browser.findElement(By.id("verify-code")).sendKeys(totp(secret));
		click(By.id("verify-submit"));
		until(this.browser, (driver) -> !driver.getCurrentUrl().contains("/mfa/verify"));
		assertThat(this.browser.getCurrentUrl()).startsWith(url("/account"));

		// a mistyped address, signed in: a page that says so in words
		errorPage("/nope", "404", "not_found", "error-not-found");

		// an application asks to sign out without an ID token: Nexus asks first, and staying signed in ends nothing
		open("/connect/logout?client_id=" + LOGOUT_RP_A);
		assertThat(text("#question")).contains("Logout RP A asks to sign you out of Nexus");
		assertReachable(By.id("confirm-sign-out"), width);
		page("logout-confirm");
		click(By.id("stay-signed-in"));
		await("/account");
		assertThat(text("#user-email")).isEqualTo(email);

		// a second session elsewhere, then "sign out everywhere else" and the home page's sign-out
		Browser phone = new Browser();
		phone.follow(url("/api/auth/dev/login?login_hint=" + email));
		open("/account");
		assertThat(this.browser.findElements(By.cssSelector("#sessions tbody tr"))).hasSize(2);
		assertReachable(By.cssSelector("#sessions button.sign-out"), width);
		page("account-two-sessions");
		click(By.id("sign-out-others"));
		until(this.browser, (driver) -> driver.getCurrentUrl().contains("notice="));
		assertThat(text("#notice")).isEqualTo("All your other sessions were signed out.");
		assertThat(this.browser.findElements(By.cssSelector("#sessions tbody tr"))).hasSize(1);
		assertThat(phone.get(url("/api/me")).statusCode()).isEqualTo(401);
		open("/");
		click(By.id("sign-out"));
		until(this.browser, (driver) -> !driver.findElements(By.id("signed-out")).isEmpty());
		assertThat(this.browser.findElements(By.id("signed-out"))).hasSize(1);

		// an application's end-session request when nothing is left to end: the signed-out page
		open("/connect/logout?client_id=" + LOGOUT_RP_A);
		assertThat(text("h1")).isEqualTo("You are signed out");
		page("logout-signed-out");

		// signed out: the error pages on the way, for a person, with the code and the request id, never raw JSON
		errorPage("/api/auth/google/login?return_to=https://evil.example/", "400", "invalid_return_to", "error-return-to");
		errorPage("/api/auth/google/callback?state=s&code=c", "400", "login_state_missing", "error-sign-in-state");
		errorPage("/api/me", "401", "unauthenticated", "error-unauthenticated");
	}

	private void errorPage(String path, String status, String code, String name) {
		this.browser.get(url(path));
		assertThat(text("#status")).isEqualTo(status);
		assertThat(text("#code")).isEqualTo(code);
		assertThat(text("#request-id")).isNotBlank();
		assertThat(text("#sentence")).doesNotContain("static resource").endsWith(".");
		assertThat(this.browser.findElements(By.cssSelector(".actions a"))).isNotEmpty();
		assertFits();
		assertNoConsoleErrors(true);
		save(this.browser, name);
	}

	/** A page as a person sees it: no console error, nothing wider than the window; then its screenshot. */
	private void page(String name) {
		assertFits();
		assertNoConsoleErrors(false);
		save(this.browser, name);
	}

	private void assertFits() {
		JavascriptExecutor js = (JavascriptExecutor) this.browser;
		long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
		long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
		assertThat(scrollWidth).as("no sideways scrolling on " + this.browser.getCurrentUrl()).isLessThanOrEqualTo(innerWidth);
	}

	/** Every such button lies inside the window's width, reachable without scrolling sideways. */
	private void assertReachable(By buttons, int width) {
		for (WebElement button : this.browser.findElements(buttons)) {
			int right = button.getRect().getX() + button.getRect().getWidth();
			assertThat(right).as("right edge of " + button.getAccessibleName()).isLessThanOrEqualTo(width);
		}
	}

	/** The error page's own status is the one console line a browser writes for it. */
	private void assertNoConsoleErrors(boolean errorPage) {
		List<LogEntry> errors = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.filter((entry) -> !(errorPage && entry.getMessage().contains("the server responded with a status of 4")))
			.toList();
		assertThat(errors).as("console errors on " + this.browser.getCurrentUrl()).isEmpty();
	}

	private void save(WebDriver driver, String name) {
		try {
			Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(file, this.shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void open(String path) {
		this.browser.get(url(path));
	}

	private void click(By by) {
		this.browser.findElement(by).click();
	}

	private void await(String path) {
		until(this.browser, (driver) -> driver.getCurrentUrl().equals(url(path)));
	}

	/** A form's POST and its redirect finish after click() returns: wait for the next page. */
	private static void until(WebDriver driver, java.util.function.Function<WebDriver, Boolean> condition) {
		// while the page is being replaced, ChromeDriver may answer any element call with an error
		// ("stale", "no such element", "node does not belong to the document"): ask again
		new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
			.until(condition::apply);
	}

	private String text(String css) {
		return this.browser.findElement(By.cssSelector(css)).getText();
	}

	private List<String> buttons(String css) {
		return this.browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
	}

	private String totp(byte[] secret) throws Exception {
		return new TimeBasedOneTimePasswordGenerator().generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
				this.clock.instant());
	}

	private static String wrong(String code) {
		return code.charAt(0) == '0' ? "1" + code.substring(1) : "0" + code.substring(1);
	}
}
