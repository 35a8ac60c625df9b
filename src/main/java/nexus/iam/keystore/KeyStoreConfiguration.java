package nexus.iam.keystore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nexus.iam.audit.AuditLog;
import nexus.iam.config.DevelopmentSecrets;
import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.token.SigningKeys;
import nexus.iam.token.TokenProperties;
import nexus.iam.token.TokenProperties.KeyStore;

@Configuration(proxyBeanMethods = false)
class KeyStoreConfiguration {

	@Bean
	SigningKeyService signingKeyService(SigningKeys keys, ObjectProvider<SigningKeySync> sync,
			SigningKeyRepository repository, AuditLog audit, PlatformTransactionManager transactions,
			TokenProperties tokens, Clock clock) {
		return new SigningKeyService(keys, sync.getIfAvailable(), repository, audit,
				new TransactionTemplate(transactions), tokens, clock);
	}

	/**
	 * With the database key store: a usable key-encryption key, and an activation delay that lets
	 * every verifier's cached JWKS expire, and every node reload, before a new key signs.
	 */
	@Bean
	ProductionCheck keyStoreProductionCheck(TokenProperties tokens) {
		return () -> {
			List<String> problems = new ArrayList<>();
			if (tokens.keyStore() != KeyStore.DATABASE) {
				return problems;
			}
			Secrets.weakness(tokens.keyEncryptionKey())
				.or(() -> KeyEncryption.problem(tokens.keyEncryptionKey()))
				.ifPresent((why) -> problems.add(KeyEncryption.SETTING + " " + why));
			List<String> previous = KeyEncryption.entries(tokens.previousKeyEncryptionKeys());
			for (int i = 0; i < previous.size(); i++) {
				String entry = previous.get(i);
				String position = KeyEncryption.position(i, previous.size());
				Secrets.weakness(entry)
					.or(() -> KeyEncryption.problem(entry))
					.ifPresent((why) -> problems.add(position + " " + why));
			}
			Duration minimum = SigningKeys.JWKS_MAX_AGE.plus(tokens.keyReloadInterval());
			if (tokens.keyActivationDelay().compareTo(minimum) < 0) {
				problems.add("NEXUS_TOKEN_KEY_ACTIVATION_DELAY must be at least " + minimum.toSeconds()
						+ "s (the JWKS cache lifetime plus NEXUS_TOKEN_KEY_RELOAD_INTERVAL), so that every node and "
						+ "every verifier knows a new key before it signs");
			}
			return problems;
		};
	}

	/** The keys in PostgreSQL, when {@code nexus.token.key-store} is {@code database}. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(DatabaseKeyStore.class)
	static class Database {

		/** Configured, or in development generated once into the data folder. */
		@Bean
		@DependsOn("productionSafetyCheck")
		KeyEncryption keyEncryption(TokenProperties tokens, NexusProperties nexus) {
			byte[] value = DevelopmentSecrets.orGenerated(tokens.keyEncryptionKey(), nexus, "key-encryption.key");
			try {
				return KeyEncryption.of(new String(value, StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(ex.getMessage());
			}
		}

		@Bean
		@DependsOnDatabaseInitialization
		SigningKeySync signingKeySync(SigningKeyRepository repository, KeyEncryption encryption, SigningKeys keys,
				TokenProperties tokens, NexusProperties nexus, AuditLog audit, PlatformTransactionManager transactions,
				Clock clock) {
			List<KeyEncryption> previous;
			try {
				previous = KeyEncryption.previous(tokens.previousKeyEncryptionKeys());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(ex.getMessage());
			}
			return new SigningKeySync(repository, encryption, previous, keys, tokens, nexus, audit,
					new TransactionTemplate(transactions), clock);
		}

		@Bean
		SchedulingConfigurer signingKeySchedule(SigningKeySync sync, TokenProperties tokens) {
			return (registrar) -> registrar.addFixedDelayTask(sync::tick, tokens.keyReloadInterval());
		}

		/** Which key signs, which one is next; UP while the last reload failed (the node keeps its set). */
		@Bean
		HealthIndicator signingKeysHealthIndicator(SigningKeySync sync, TokenProperties tokens, Clock clock) {
			return () -> {
				KeyTimeline timeline = new KeyTimeline(sync.loaded(), clock.instant(), tokens.accessTokenLifetime());
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("store", "database");
				timeline.views()
					.stream()
					.filter((key) -> key.is(SigningKeyStatus.ACTIVE))
					.findFirst()
					.ifPresent((key) -> details.put("active", key.kid()));
				timeline.pending().ifPresent((key) -> {
					details.put("next", key.kid());
					details.put("next_activates_at", key.activatesAt().toString());
				});
				details.put("last_reload_failed", sync.lastReloadFailed());
				return Health.up().withDetails(details).build();
			};
		}
	}
}
