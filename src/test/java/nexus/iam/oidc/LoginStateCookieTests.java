package nexus.iam.oidc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseCookie;
import org.springframework.mock.web.MockHttpServletRequest;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.config.NexusProperties;
import nexus.iam.config.RunMode;

import static org.assertj.core.api.Assertions.assertThat;

class LoginStateCookieTests {

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private static final byte[] SECRET = "a-test-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8);

	private final CookieFactory httpsCookies = new CookieFactory(new NexusProperties(RunMode.PRODUCTION,
			URI.create("https://iam.nexus.test"), java.nio.file.Path.of("."), ".nexus.test"));

	private final LoginState state = new LoginState("google", "s", "n", "verifier", "/account");

	@Test
	void createThenReadRoundTrips() {
		LoginStateCookie cookie = cookie(SECRET, NOW);
		assertThat(read(cookie, cookie.create(this.state, false))).contains(this.state);
	}

	@Test
	void createOverHttpsThenHostPrefixedLaxAndShortLived() {
		ResponseCookie created = cookie(SECRET, NOW).create(this.state, false);
		assertThat(created.getName()).as("__Host-: no sibling host can plant it").isEqualTo("__Host-nexus_login");
		assertThat(created.isSecure()).isTrue();
		assertThat(created.isHttpOnly()).isTrue();
		assertThat(created.getSameSite()).isEqualTo("Lax");
		assertThat(created.getPath()).isEqualTo("/");
		assertThat(created.getDomain()).as("host-only, even with a cookie domain configured").isNull();
		assertThat(created.getMaxAge()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void createThenValueRevealsNothing() {
		String value = cookie(SECRET, NOW).create(this.state, false).getValue();
		assertThat(value).doesNotContain("verifier", "account", "google");
	}

	@Test
	void readWhenExpiredThenEmpty() {
		ResponseCookie created = cookie(SECRET, NOW).create(this.state, false);
		assertThat(read(cookie(SECRET, NOW.plus(Duration.ofMinutes(11))), created)).isEmpty();
	}

	@Test
	void readWhenEncryptedWithAnotherSecretThenEmpty() {
		ResponseCookie created = cookie("another-secret-of-sufficient-length-abcdefgh".getBytes(StandardCharsets.UTF_8),
				NOW)
			.create(this.state, false);
		assertThat(read(cookie(SECRET, NOW), created)).isEmpty();
	}

	@Test
	void readWhenTamperedThenEmpty() {
		LoginStateCookie cookie = cookie(SECRET, NOW);
		String value = cookie.create(this.state, false).getValue();
		int middle = value.lastIndexOf('.') - 3;
		char flipped = value.charAt(middle) == 'A' ? 'B' : 'A';
		String tampered = value.substring(0, middle) + flipped + value.substring(middle + 1);
		assertThat(read(cookie, ResponseCookie.from("__Host-nexus_login", tampered).build())).isEmpty();
	}

	private LoginStateCookie cookie(byte[] secret, Instant now) {
		return new LoginStateCookie(secret, this.httpsCookies, Duration.ofMinutes(10),
				Clock.fixed(now, ZoneOffset.UTC));
	}

	private static Optional<LoginState> read(LoginStateCookie cookie, ResponseCookie created) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie(created.getName(), created.getValue()));
		return cookie.read(request);
	}
}
