package nexus.iam.config;

import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import nexus.iam.NexusIamApplication;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.token.SigningKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** Production mode refuses to start with missing, default or weak secrets, naming each variable. */
class ProductionModeTests {

	@Test
	void startWhenNothingConfiguredThenRefusesNamingEveryVariable() {
		assertThatException().isThrownBy(() -> start(Map.of()))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("Refusing to start in production mode",
					"NEXUS_DATABASE_URL", "NEXUS_TOKEN_SIGNING_KEYS", "NEXUS_LOGIN_STATE_SECRET is missing",
					"NEXUS_TOKEN_REFRESH_TOKEN_SECRET is missing"));
	}

	@Test
	void startWhenStateSecretIsAPlaceholderThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.state-secret", "changeme-changeme-changeme-changeme-changeme");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_LOGIN_STATE_SECRET looks like a placeholder")
				.doesNotContain("NEXUS_DATABASE_URL", "NEXUS_TOKEN_SIGNING_KEYS"));
	}

	@Test
	void startWhenPasskeyRpIdDoesNotCoverAnAllowedOriginThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.passkey.rp-id", "other.example");
		assertRefuses(settings, "NEXUS_PASSKEY_RP_ID: other.example is neither the host of");
		Map<String, Object> plain = complete();
		plain.put("nexus.passkey.allowed-origins", "http://tools.iam.nexus.example");
		assertRefuses(plain, "NEXUS_PASSKEY_ALLOWED_ORIGINS: http://tools.iam.nexus.example is not https");
	}

	@Test
	void startWhenAdminTokenIsWeakThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.admin.token", "admin-token");
		assertRefuses(settings, "NEXUS_ADMIN_TOKEN is shorter than 32 characters");
	}

	@Test
	void startWhenRefreshTokenSecretIsRepetitiveThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.token.refresh-token-secret", "abcdabcdabcdabcdabcdabcdabcdabcdabcd");
		assertRefuses(settings, "NEXUS_TOKEN_REFRESH_TOKEN_SECRET has too few distinct characters");
	}

	@Test
	void startWhenDatabasePasswordIsMissingThenRefuses() {
		Map<String, Object> settings = complete();
		settings.remove("nexus.database.password");
		assertRefuses(settings, "NEXUS_DATABASE_PASSWORD is missing");
	}

	@Test
	void startWhenDatabasePasswordIsADefaultThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.database.password", "postgres");
		assertRefuses(settings, "NEXUS_DATABASE_PASSWORD is shorter than 32 characters");
	}

	@Test
	void startWhenDatabaseUrlCarriesAWeakPasswordThenRefusesWithoutQuotingIt() {
		Map<String, Object> settings = complete();
		settings.remove("nexus.database.password");
		settings.put("nexus.database.url", TestDatabase.url() + "?password=hunter2");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_DATABASE_URL: its password is shorter")
				.doesNotContain("hunter2"));
	}

	@Test
	void startWhenDatabaseAuthenticatesByClientCertificateThenNeedsNoPassword() {
		Map<String, Object> settings = complete();
		settings.remove("nexus.database.password");
		settings.put("nexus.database.url", TestDatabase.url() + "?sslcert=client.crt&sslkey=client.pk8&sslmode=disable");
		settings.put("nexus.token.refresh-token-secret", "short");
		// refused for the refresh secret alone: the database is not a problem
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_TOKEN_REFRESH_TOKEN_SECRET")
				.doesNotContain("NEXUS_DATABASE_PASSWORD", "NEXUS_DATABASE_URL"));
	}

	@Test
	void startWhenMailUserHasNoPasswordThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.mail.host", "smtp.nexus.example");
		settings.put("nexus.mail.from", "Nexus <no-reply@nexus.example>");
		settings.put("nexus.mail.username", "nexus");
		assertRefuses(settings, "NEXUS_MAIL_PASSWORD is missing: set the value its issuer gave you (NEXUS_MAIL_USERNAME is set)");
	}

	@Test
	void startWhenMailPasswordIsAPlaceholderThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.mail.host", "smtp.nexus.example");
		settings.put("nexus.mail.from", "Nexus <no-reply@nexus.example>");
		settings.put("nexus.mail.username", "nexus");
		settings.put("nexus.mail.password", "please-change-this-password");
		assertRefuses(settings, "NEXUS_MAIL_PASSWORD looks like a placeholder");
	}

	@Test
	void startWhenRedisPasswordIsWeakThenRefusesWithoutQuotingIt() {
		Map<String, Object> settings = complete();
		settings.put("nexus.redis.url", "redis://:redispass@redis.nexus.example:6379/9");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_REDIS_URL: its password is shorter")
				.doesNotContain("redispass"));
	}

	@Test
	void startWhenSentinelServersPasswordIsWeakThenRefusesWithoutQuotingIt() {
		Map<String, Object> settings = complete();
		settings.remove("nexus.redis.url");
		settings.put("nexus.redis.sentinel.nodes", "127.0.0.1:1,127.0.0.1:2");
		settings.put("nexus.redis.sentinel.master", "nexus");
		settings.put("nexus.redis.password", "redispass");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_REDIS_PASSWORD is shorter")
				.doesNotContain("redispass"));
	}

	@Test
	void startWhenProviderSecretIsAPlaceholderThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.providers.google.client-id", "client.apps.googleusercontent.com");
		settings.put("nexus.login.providers.google.client-secret", "your-client-secret-goes-here");
		assertRefuses(settings, "NEXUS_LOGIN_PROVIDERS_GOOGLE_CLIENT_SECRET looks like a placeholder");
	}

	@Test
	void startWhenProviderHasNoSecretThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.providers.google.client-id", "client.apps.googleusercontent.com");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_LOGIN_PROVIDERS_GOOGLE_CLIENT_SECRET is missing"));
	}

	@Test
	void startWhenPublicUrlIsPlainHttpOnARealHostThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.public-url", "http://iam.nexus.example");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_PUBLIC_URL must be an https URL"));
	}

	@Test
	void startWhenPublicUrlIsEmptyThenRefusesNamingIt() {
		Map<String, Object> settings = complete();
		settings.put("nexus.public-url", "");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("nexus.public-url (NEXUS_PUBLIC_URL) must be set"));
	}

	@Test
	void startWhenDatabaseKeyStoreWithoutKeyEncryptionKeyThenRefusesNamingIt() {
		Map<String, Object> settings = complete();
		settings.remove("nexus.token.signing-keys");
		settings.put("nexus.token.key-store", "database");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_TOKEN_KEY_ENCRYPTION_KEY is missing")
				.doesNotContain("NEXUS_TOKEN_SIGNING_KEYS"));
	}

	@Test
	void startWhenKeyEncryptionKeyIsAPlaceholderOrNotThirtyTwoBytesThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.token.key-store", "database");
		settings.put("nexus.token.key-encryption-key", "changeme-changeme-changeme-changeme-changeme");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex))
				.contains("NEXUS_TOKEN_KEY_ENCRYPTION_KEY looks like a placeholder"));

		byte[] short24 = new byte[24];
		new java.security.SecureRandom().nextBytes(short24);
		settings.put("nexus.token.key-encryption-key", java.util.Base64.getEncoder().encodeToString(short24));
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex))
				.contains("NEXUS_TOKEN_KEY_ENCRYPTION_KEY must be 32 random bytes in base64", "24 bytes"));
	}

	@Test
	void startWhenAPreviousKeyEncryptionKeyIsWeakOrNotThirtyTwoBytesThenRefusesNamingItsPosition() {
		Map<String, Object> settings = complete();
		settings.put("nexus.token.key-store", "database");
		settings.put("nexus.token.key-encryption-key", "Vb3XqL8mR2tK7wZ1nC5yH9fJ4dG6sA0pE+uYiOlQkTM=");
		settings.put("nexus.token.previous-key-encryption-keys",
				"kT9vQ2mX7wL4zR1pY8nB3cF6hJ0sD5gA+eUoIiWlMqE=,changeme-changeme-changeme-changeme-changeme");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex))
				.contains("NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS (key 2 of 2) looks like a placeholder")
				.doesNotContain("changeme", "(key 1 of 2)", "NEXUS_TOKEN_KEY_ENCRYPTION_KEY "));

		byte[] short24 = new byte[24];
		new java.security.SecureRandom().nextBytes(short24);
		settings.put("nexus.token.previous-key-encryption-keys", java.util.Base64.getEncoder().encodeToString(short24));
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains(
					"NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS (key 1 of 1) must be 32 random bytes in base64", "24 bytes"));
	}

	@Test
	void startWhenKeyActivationDelayShorterThanTheJwksCacheThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.token.key-store", "database");
		settings.put("nexus.token.key-encryption-key", "Vb3XqL8mR2tK7wZ1nC5yH9fJ4dG6sA0pE+uYiOlQkTM=");
		settings.put("nexus.token.key-activation-delay", "1m");
		assertThatException().isThrownBy(() -> start(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("NEXUS_TOKEN_KEY_ACTIVATION_DELAY must be at least 305s")
				.doesNotContain("NEXUS_TOKEN_KEY_ENCRYPTION_KEY"));
	}

	@Test
	void startWhenAProviderHasNoIssuerThenItIsInTheSameListAsEveryOtherProblem() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.providers.partner.client-id", "nexus-iam");
		settings.put("nexus.login.providers.partner.client-secret", "Vq3Lm8Tz1Rk6Wn4Yb9Hc2Jf7Sd0Gp5Xa");
		settings.remove("nexus.login.state-secret");

		assertThat(refusal(settings).problems()).hasSize(2)
			.anySatisfy((problem) -> assertThat(problem).startsWith("NEXUS_LOGIN_PROVIDERS_PARTNER_ISSUER is missing"))
			.anySatisfy((problem) -> assertThat(problem).startsWith("NEXUS_LOGIN_STATE_SECRET is missing"));
	}

	@Test
	void startWhenAProviderOnAnotherHostIsPlainHttpThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.providers.corp.issuer", "http://sso.nexus.example/realms/staff");
		assertRefuses(settings, "NEXUS_LOGIN_PROVIDERS_CORP_ISSUER must be an https URL");
	}

	@Test
	void startWhenNobodyCouldSignInThenRefuses() {
		Map<String, Object> settings = complete();
		settings.remove("nexus.login.providers.corp.client-id");
		assertRefuses(settings, "nobody could sign in");
	}

	@Test
	void startWhenTheDevelopmentProviderIsEnabledOnAPublicHostThenRefuses() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.dev-provider.enabled", "true");
		assertRefuses(settings, "NEXUS_LOGIN_DEV_PROVIDER_ENABLED must not be true here");
	}

	@Test
	void startWhenTheDevelopmentProviderIsEnabledOnALocalPublicUrlThenRunsWithIt() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.dev-provider.enabled", "true");
		settings.put("nexus.public-url", "http://localhost:8080");
		try (ConfigurableApplicationContext context = start(settings)) {
			assertThat(context.getBean("devProvider").toString()).doesNotContain("provider=null");
		}
	}

	@Test
	void theRefusalReadsAsOneShortBlockWithoutValues() {
		Map<String, Object> settings = complete();
		settings.put("nexus.login.state-secret", "changeme-changeme-changeme-changeme-changeme");
		settings.put("nexus.public-url", "http://iam.nexus.example");
		String block = refusal(settings).block();

		assertThat(block.lines().filter((line) -> line.startsWith("  - "))).hasSize(2)
			.allSatisfy((line) -> assertThat(line).matches("  - NEXUS_[A-Z_]+ .*: .*"));
		assertThat(block).doesNotContain("changeme-changeme", "iam.nexus.example", "Exception", "\tat ");
		assertThat(block.lines().count()).isLessThan(60);
	}

	@Test
	void startWhenCompleteThenRunsWithoutTheDevelopmentProvider() {
		try (ConfigurableApplicationContext context = start(complete())) {
			assertThat(context.isRunning()).isTrue();
			assertThat(context.getBean(NexusProperties.class).production()).isTrue();
			assertThat(context.getBean("devProvider").toString()).contains("provider=null");
		}
	}

	private static Map<String, Object> complete() {
		Map<String, Object> settings = new HashMap<>();
		settings.put("nexus.public-url", "https://iam.nexus.example");
		settings.put("nexus.database.url", TestDatabase.url());
		settings.put("nexus.database.username", TestDatabase.USER);
		// the test server trusts local connections and ignores it
		settings.put("nexus.database.password", "Hc5Tn8Wq2Lz7Rv4Mk9Bx1Fs6Jd3Yp0Ge");
		settings.put("nexus.token.signing-keys", new JWKSet(SigningKeys.generate()).toString(false));
		settings.put("nexus.login.state-secret", "Xq9vL2mR7tK4wZ8nB3cY6hF1jD5sG0pA");
		settings.put("nexus.token.refresh-token-secret", "Pn4Wc8Ry1Ub6Ej3Hm9Kt2Qa7Vd0Lg5Zs");
		// a way to sign in: an OIDC provider on this machine (http is allowed on localhost)
		settings.put("nexus.login.providers.corp.issuer", TestOidcProvider.get().issuer());
		settings.put("nexus.login.providers.corp.client-id", TestOidcProvider.CLIENT_ID);
		settings.put("nexus.login.providers.corp.client-secret", "Zr5Hk2Wp8Nc3Tq6Lb1Vy4Fd7Jm0Gs9Xe");
		return settings;
	}

	private static ConfigurableApplicationContext start(Map<String, Object> settings) {
		Map<String, Object> all = new HashMap<>(settings);
		all.put("nexus.mode", "production");
		all.put("server.port", "0");
		all.put("management.server.port", "0");
		all.put("nexus.data-dir", System.getProperty("java.io.tmpdir") + "/nexus-iam-production-test");
		// as command-line arguments, which win over application.yml like environment variables do
		String[] args = all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new SpringApplicationBuilder(NexusIamApplication.class).run(args);
	}

	/** Refused for this one problem: the rest of the settings is complete. */
	private static void assertRefuses(Map<String, Object> settings, String problem) {
		assertThat(refusal(settings).problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains(problem);
	}

	private static StartRefusal refusal(Map<String, Object> settings) {
		Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> start(settings));
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof StartRefusal refusal) {
				return refusal;
			}
		}
		throw new AssertionError("not refused by a StartRefusal", failure);
	}

	private static String rootMessage(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}
}
