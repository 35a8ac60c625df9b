package nexus.iam.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import nexus.iam.testsupport.Chromium;
import nexus.iam.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF and CORS in a real browser (Debian's Chromium, headless): a page on another origin of the
 * same site, whose requests carry the cookies, cannot make the signed-in browser sign out; the
 * service's own page, sending its CSRF token, can.
 */
class BrowserCsrfIntegrationTests extends IntegrationTest {

	private static HttpServer otherSite;

	private static WebDriver browser;

	@BeforeAll
	static void start() throws IOException {
		otherSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		otherSite.createContext("/attack.html", (exchange) -> {
			String target = baseUrl() + "/api/auth/logout";
			byte[] page = ("<!DOCTYPE html><html><head><title>pending</title></head><body><script>"
					+ "fetch('" + target + "', {method: 'POST', credentials: 'include'})"
					+ ".then(function (r) { document.title = 'status ' + r.status; })"
					+ ".catch(function () { document.title = 'blocked'; });"
					+ "</script></body></html>").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		otherSite.start();
		browser = Chromium.start();
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (otherSite != null) {
			otherSite.stop(0);
		}
	}

	@Test
	void pageOnAnotherOriginCannotSignOutButTheServicesOwnPageCan() {
		browser.get(url("/api/auth/dev/login?login_hint=chromium@example.com"));
		assertThat(browser.getPageSource()).contains("Signed in as", "chromium@example.com");

		// same site (localhost), another origin (port): the browser sends the SameSite=Lax cookies
		// with this POST, so only the service's own origin and CSRF checks stand in the way
		browser.get("http://localhost:" + otherSite.getAddress().getPort() + "/attack.html");
		assertThat(awaitTitleChange()).isEqualTo("blocked");
		browser.get(url("/api/me"));
		assertThat(browser.getPageSource()).as("still signed in").contains("chromium@example.com");

		browser.get(url("/test/csrf-check.html"));
		assertThat(awaitTitleChange()).isEqualTo("status 204");
		browser.get(url("/"));
		assertThat(browser.getPageSource()).as("signed out").contains("You are not signed in");
	}

	private static String awaitTitleChange() {
		new WebDriverWait(browser, Duration.ofSeconds(15)).until((driver) -> !"pending".equals(driver.getTitle()));
		return browser.getTitle();
	}
}
