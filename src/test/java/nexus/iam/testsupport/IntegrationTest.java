package nexus.iam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole application on a real port, against this machine's
 * PostgreSQL (a fresh database per run, real Flyway migrations) and Redis, and a real OIDC
 * provider playing Google. Every subclass shares one application context, so the service starts once per run.
 */
// JSON log lines, as in production: the observability tests read them
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "nexus.log.format=json")
@Import(IntegrationTest.Clocks.class)
public abstract class IntegrationTest {

	@Autowired
	protected TestClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}
	}

	/** The service token of the administration API in the tests. */
	protected static final String ADMIN_TOKEN = "nexus-test-admin-token-Zq8v1Lm3Rk7Tw2Yp";

	/** The secret Kratos sends with its web-hooks in the tests. */
	protected static final String KRATOS_WEBHOOK_SECRET = "nexus-test-kratos-hook-Vb5nQ2xW8rJ4kT7m";

	/** A confidential, first-party client of the OpenID Provider (client_secret_basic; code, refresh, client credentials). */
	protected static final String CONFIDENTIAL_CLIENT_ID = "test-confidential";

	protected static final String CONFIDENTIAL_CLIENT_SECRET = "nexus-test-oidc-client-Hq4mW9zR2xT7kV5n";

	/** A public client (no secret, PKCE), not first-party: it gets the consent page. */
	protected static final String PUBLIC_CLIENT_ID = "test-public";

	/** A confidential first-party client that requires two factors (same secret as the confidential one). */
	protected static final String TWO_FACTOR_CLIENT_ID = "test-two-factor";

	/**
	 * Two clients that take back-channel logouts (at {@link TestBackchannelReceiver}) and may be sent
	 * back after an RP-initiated logout to {@link #LOGOUT_RP_RETURN}.
	 */
	protected static final String LOGOUT_RP_A = "logout-rp-a";

	protected static final String LOGOUT_RP_B = "logout-rp-b";

	protected static final String LOGOUT_RP_RETURN = "https://rp.nexus.test/signed-out";

	/** A redirect URI both test clients have (as well as http://127.0.0.1/callback). */
	protected static final String CLIENT_REDIRECT_URI = "https://app.nexus.test/callback";

	/**
	 * Apache httpd with mod_auth_openidc, a confidential first-party client with back-channel logout
	 * (ApacheModAuthOpenidcIntegrationTests); its port is chosen now, before the context starts.
	 */
	protected static final String APACHE_CLIENT_ID = "apache-mod-auth-openidc";

	protected static final String APACHE_CLIENT_SECRET = "nexus-test-apache-rp-Tb6nK3wQ9zL2xV8m";

	/** The name of the Apache instance that signs in with Nexus ({@link ApacheRelyingParty#port}). */
	protected static final String APACHE_INSTANCE = "nexus";

	/** The Authlib relying party: confidential, first-party, every grant (AuthlibRelyingPartyIntegrationTests). */
	protected static final String AUTHLIB_CLIENT_ID = "authlib-relying-party";

	protected static final String AUTHLIB_CLIENT_SECRET = "nexus-test-authlib-rp-Mx4vR8kT2nW6qZ9j";

	/** The Authlib relying party as a public client (no secret, PKCE), first-party. */
	protected static final String AUTHLIB_PUBLIC_CLIENT_ID = "authlib-public";

	protected static final String AUTHLIB_REDIRECT_URI = "http://127.0.0.1/authlib/callback";

	private static final int PORT = FreePorts.next();

	private static final int MANAGEMENT_PORT = FreePorts.next();

	private static final Path DATA_DIR = tempDir();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		nodeSettings().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
		registry.add("nexus.admin.token", () -> ADMIN_TOKEN);
		registry.add("nexus.login.allowed-return-origins", () -> "https://app.nexus.test");
		registry.add("nexus.web.cors-allowed-origins", () -> "https://app.nexus.test");
		// the tests' own HTTP client connects from 127.0.0.1: an untrusted peer; RawHttp can
		// connect from 127.0.0.2, which plays the trusted reverse proxy
		registry.add("nexus.web.trusted-proxies", () -> "127.0.0.2/32");
	}

	/** Where the service keeps its generated development signing key, among others. */
	protected static Path dataDir() {
		return DATA_DIR;
	}

	protected static String managementUrl(String path) {
		return "http://localhost:" + MANAGEMENT_PORT + path;
	}

	/**
	 * The settings the shared application and the extra nodes of some tests have in common: same
	 * database, Redis, keys and secrets (same data folder), same issuer.
	 */
	protected static java.util.Map<String, String> nodeSettings() {
		TestOidcProvider google = TestOidcProvider.get();
		java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
		settings.put("nexus.public-url", baseUrl());
		settings.put("nexus.data-dir", DATA_DIR.toString());
		settings.put("nexus.database.url", TestDatabase.url());
		settings.put("nexus.database.username", TestDatabase.USER);
		settings.put("nexus.redis.url", TestRedis.URL);
		settings.put("nexus.redis.key-prefix", TestRedis.PREFIX);
		settings.put("nexus.login.providers.google.issuer", google.issuer());
		settings.put("nexus.login.providers.google.client-id", TestOidcProvider.CLIENT_ID);
		settings.put("nexus.login.providers.google.client-secret", TestOidcProvider.CLIENT_SECRET);
		// every test signs in from 127.0.0.1: generous limits here; RateLimitIntegrationTests
		// starts nodes of its own with tight ones
		settings.put("nexus.rate-limit.sign-in", "100000/1m");
		settings.put("nexus.rate-limit.token", "100000/1m");
		settings.put("nexus.kratos.webhook-secret", KRATOS_WEBHOOK_SECRET);
		settings.putAll(TestSmtp.settings());
		settings.putAll(TestAppleProvider.get().settings());
		// header-based authentication from the trusted proxy, besides tokens (HeaderAuthenticationIntegrationTests)
		settings.put("nexus.auth.mode", "both");
		// forward-auth rules for the tools behind nginx in ForwardAuthIntegrationTests
		String[][] rules = { { "public.nexus.test", "bypass", "" }, { "blocked.nexus.test", "deny", "" },
				{ "grafana.nexus.test", "one_factor", "" }, { "admin.nexus.test", "two_factor", "" },
				{ "ops.nexus.test", "one_factor", "admins" } };
		for (int i = 0; i < rules.length; i++) {
			settings.put("nexus.sso.rules[" + i + "].hosts", rules[i][0]);
			settings.put("nexus.sso.rules[" + i + "].policy", rules[i][1]);
			if (!rules[i][2].isEmpty()) {
				settings.put("nexus.sso.rules[" + i + "].groups", rules[i][2]);
			}
		}
		// the OpenID Provider's clients from the settings: a confidential first-party one and a
		// public one that is not first-party (it gets the consent page)
		settings.put("nexus.oidc-provider.clients[0].client-id", CONFIDENTIAL_CLIENT_ID);
		settings.put("nexus.oidc-provider.clients[0].client-secret", CONFIDENTIAL_CLIENT_SECRET);
		settings.put("nexus.oidc-provider.clients[0].name", "Test Confidential App");
		settings.put("nexus.oidc-provider.clients[0].redirect-uris", CLIENT_REDIRECT_URI + ",http://127.0.0.1/callback");
		settings.put("nexus.oidc-provider.clients[0].post-logout-redirect-uris", "https://app.nexus.test/signed-out");
		settings.put("nexus.oidc-provider.clients[0].grant-types", "authorization_code,refresh_token,client_credentials");
		settings.put("nexus.oidc-provider.clients[1].client-id", PUBLIC_CLIENT_ID);
		settings.put("nexus.oidc-provider.clients[1].name", "Test Public App");
		settings.put("nexus.oidc-provider.clients[1].authentication-method", "none");
		settings.put("nexus.oidc-provider.clients[1].grant-types", "authorization_code");
		settings.put("nexus.oidc-provider.clients[1].redirect-uris", CLIENT_REDIRECT_URI + ",http://127.0.0.1/callback");
		settings.put("nexus.oidc-provider.clients[1].first-party", "false");
		// two clients that take back-channel logouts, at the tests' receiver (BackchannelLogoutIntegrationTests)
		String[][] logoutClients = { { LOGOUT_RP_A, "Logout RP A", TestBackchannelReceiver.RP_A },
				{ LOGOUT_RP_B, "Logout RP B", TestBackchannelReceiver.RP_B } };
		for (int i = 0; i < logoutClients.length; i++) {
			String client = "nexus.oidc-provider.clients[" + (2 + i) + "].";
			settings.put(client + "client-id", logoutClients[i][0]);
			settings.put(client + "client-secret", CONFIDENTIAL_CLIENT_SECRET);
			settings.put(client + "name", logoutClients[i][1]);
			settings.put(client + "redirect-uris", "https://rp.nexus.test/callback");
			settings.put(client + "post-logout-redirect-uris", LOGOUT_RP_RETURN);
			settings.put(client + "grant-types", "authorization_code,refresh_token");
			settings.put(client + "backchannel-logout-uri", TestBackchannelReceiver.get().uri(logoutClients[i][2]));
		}
		// a first-party client that requires two factors (authserver's step-up tests)
		settings.put("nexus.oidc-provider.clients[4].client-id", TWO_FACTOR_CLIENT_ID);
		settings.put("nexus.oidc-provider.clients[4].client-secret", CONFIDENTIAL_CLIENT_SECRET);
		settings.put("nexus.oidc-provider.clients[4].redirect-uris", CLIENT_REDIRECT_URI);
		settings.put("nexus.oidc-provider.clients[4].require-two-factor", "true");
		// the real relying parties (nexus.iam.relyingparties): Apache httpd with mod_auth_openidc and Authlib
		settings.put("nexus.oidc-provider.clients[5].client-id", APACHE_CLIENT_ID);
		settings.put("nexus.oidc-provider.clients[5].client-secret", APACHE_CLIENT_SECRET);
		settings.put("nexus.oidc-provider.clients[5].name", "Apache mod_auth_openidc");
		settings.put("nexus.oidc-provider.clients[5].redirect-uris", ApacheRelyingParty.redirectUri(APACHE_INSTANCE));
		settings.put("nexus.oidc-provider.clients[5].post-logout-redirect-uris",
				"http://localhost:" + ApacheRelyingParty.port(APACHE_INSTANCE) + "/logged-out.html");
		settings.put("nexus.oidc-provider.clients[5].backchannel-logout-uri",
				ApacheRelyingParty.backchannelLogoutUri(APACHE_INSTANCE));
		settings.put("nexus.oidc-provider.clients[6].client-id", AUTHLIB_CLIENT_ID);
		settings.put("nexus.oidc-provider.clients[6].client-secret", AUTHLIB_CLIENT_SECRET);
		settings.put("nexus.oidc-provider.clients[6].name", "Authlib relying party");
		settings.put("nexus.oidc-provider.clients[6].redirect-uris", AUTHLIB_REDIRECT_URI);
		settings.put("nexus.oidc-provider.clients[6].grant-types", "authorization_code,refresh_token,client_credentials");
		settings.put("nexus.oidc-provider.clients[6].require-proof-key", "true");
		settings.put("nexus.oidc-provider.clients[7].client-id", AUTHLIB_PUBLIC_CLIENT_ID);
		settings.put("nexus.oidc-provider.clients[7].name", "Authlib public client");
		settings.put("nexus.oidc-provider.clients[7].authentication-method", "none");
		settings.put("nexus.oidc-provider.clients[7].grant-types", "authorization_code");
		settings.put("nexus.oidc-provider.clients[7].redirect-uris", AUTHLIB_REDIRECT_URI);
		// MaxMind's own test database: 81.2.69.160 is London, 216.160.83.56 Milton (US)
		settings.put("nexus.geoip.database", testResource("testdata/geoip/GeoIP2-City-Test.mmdb"));
		// every span to the tests' collector, in batches a tenth of a second apart
		settings.put("nexus.tracing.otlp-endpoint", TestOtlpReceiver.get().endpoint());
		settings.put("nexus.tracing.sampling-probability", "1.0");
		settings.put("management.opentelemetry.tracing.export.schedule-delay", "100ms");
		return settings;
	}

	private static String testResource(String name) {
		try {
			return java.nio.file.Path.of(IntegrationTest.class.getClassLoader().getResource(name).toURI()).toString();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static String baseUrl() {
		return "http://localhost:" + PORT;
	}

	protected static String url(String path) {
		return baseUrl() + path;
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("nexus-iam-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
