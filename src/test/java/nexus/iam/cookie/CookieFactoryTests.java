package nexus.iam.cookie;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseCookie;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.RunMode;
import nexus.iam.cookie.CookieFactory.Scope;

import static org.assertj.core.api.Assertions.assertThat;

class CookieFactoryTests {

	@Test
	void createWhenHttpsHostOnlyRootPathThenHostPrefix() {
		ResponseCookie cookie = factory("https://iam.nexus.test", null).create("nexus_access", "v", "/", Scope.SHARED,
				Duration.ofMinutes(15), "Lax");
		assertThat(cookie.getName()).isEqualTo("__Host-nexus_access");
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getDomain()).isNull();
		assertThat(cookie.toString()).contains("SameSite=Lax", "Max-Age=900");
	}

	@Test
	void createWhenHttpsSharedWithCookieDomainThenSecurePrefixAndDomain() {
		ResponseCookie cookie = factory("https://iam.nexus.test", ".nexus.test").create("nexus_access", "v", "/",
				Scope.SHARED, Duration.ofMinutes(15), "Lax");
		assertThat(cookie.getName()).isEqualTo("__Secure-nexus_access");
		assertThat(cookie.getDomain()).isEqualTo(".nexus.test");
	}

	@Test
	void createWhenHttpsHostScopeThenNeverADomain() {
		ResponseCookie cookie = factory("https://iam.nexus.test", ".nexus.test").create("nexus_refresh", "v",
				"/api/auth", Scope.HOST, Duration.ofDays(7), "Lax");
		assertThat(cookie.getName()).isEqualTo("__Secure-nexus_refresh");
		assertThat(cookie.getDomain()).isNull();
	}

	@Test
	void createWhenPlainHttpThenNoPrefixAndNotSecure() {
		ResponseCookie cookie = factory("http://localhost:8080", null).create("nexus_access", "v", "/", Scope.SHARED,
				Duration.ofMinutes(15), "Lax");
		assertThat(cookie.getName()).isEqualTo("nexus_access");
		assertThat(cookie.isSecure()).isFalse();
		assertThat(cookie.isHttpOnly()).isTrue();
	}

	private static CookieFactory factory(String publicUrl, String domain) {
		return new CookieFactory(new NexusProperties(RunMode.PRODUCTION, URI.create(publicUrl), Path.of("."), domain));
	}
}
