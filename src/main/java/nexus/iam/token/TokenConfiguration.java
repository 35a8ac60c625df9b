package nexus.iam.token;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.config.DevelopmentSecrets;
import nexus.iam.surface.HttpSurface;

@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** The configured set, or with the database key store an empty one that the keystore package fills. */
	@Bean
	@DependsOn("productionSafetyCheck") // report every production problem at once, before loading keys
	SigningKeys signingKeys(TokenProperties properties, NexusProperties nexus) {
		return (properties.keyStore() == TokenProperties.KeyStore.DATABASE) ? SigningKeys.awaitingStore()
				: SigningKeys.load(properties, nexus);
	}

	@Bean
	AccessTokenService accessTokenService(SigningKeys keys, TokenProperties properties, NexusProperties nexus,
			Clock clock) {
		String issuer = (properties.issuer() != null) ? properties.issuer() : nexus.baseUrl();
		return new AccessTokenService(keys, issuer, properties.audience(), properties.accessTokenLifetime(), clock);
	}

	@Bean
	SignedJwts signedJwts(SigningKeys keys, Clock clock) {
		return new SignedJwts(keys, clock);
	}

	@Bean
	@DependsOn("productionSafetyCheck")
	RefreshTokenValues refreshTokenValues(TokenProperties properties, NexusProperties nexus) {
		return new RefreshTokenValues(DevelopmentSecrets.orGenerated(properties.refreshTokenSecret(), nexus,
				"refresh-token.secret"));
	}

	/** Keyed from the refresh-token secret under its own label: one secret, separate keys. */
	@Bean
	@DependsOn("productionSafetyCheck")
	CsrfTokens csrfTokens(TokenProperties properties, NexusProperties nexus) {
		return new CsrfTokens(DevelopmentSecrets.orGenerated(properties.refreshTokenSecret(), nexus,
				"refresh-token.secret"));
	}

	@Bean
	ProductionCheck tokenProductionCheck(TokenProperties properties) {
		return () -> {
			List<String> problems = new ArrayList<>();
			boolean inline = properties.signingKeys() != null && !properties.signingKeys().isBlank();
			boolean database = properties.keyStore() == TokenProperties.KeyStore.DATABASE;
			// the database key store checks its own settings (keystore package)
			if (!database && !inline && properties.signingKeysFile() == null) {
				problems.add("NEXUS_TOKEN_SIGNING_KEYS (or NEXUS_TOKEN_SIGNING_KEYS_FILE) is missing: "
						+ "production never generates its own signing key; make one with "
						+ "'java -jar nexus-iam.jar generate-signing-key', or set NEXUS_TOKEN_KEY_STORE=database");
			}
			Secrets.weakness(properties.refreshTokenSecret())
				.ifPresent((why) -> problems.add("NEXUS_TOKEN_REFRESH_TOKEN_SECRET " + why));
			return problems;
		};
	}

	/** Relying services fetch the public keys without signing in. */
	@Bean
	HttpSurface tokenSurface() {
		return HttpSurface.publicPaths("/.well-known/jwks.json");
	}
}
