package nexus.iam.authserver;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * Deletes authorizations a day after nothing of them can be used any more (their spent refresh
 * tokens with them). Every node runs it; each batch skips rows another node has locked.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationCleanup {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationCleanup.class);

	private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

	private static final int BATCH = 1000;

	@Bean
	SchedulingConfigurer authorizationCleanupTask(AuthorizationRepository authorizations, AuthServerProperties properties,
			Clock clock) {
		return (registrar) -> registrar.addFixedDelayTask(new FixedDelayTask(() -> {
			try {
				int total = 0;
				int deleted;
				do {
					deleted = authorizations.deleteExpired(clock.instant().minus(KEPT_AFTER_EXPIRY), BATCH);
					total += deleted;
				}
				while (deleted == BATCH);
				if (total > 0) {
					log.info("OpenID Provider clean-up: deleted {} expired authorizations", total);
				}
			}
			catch (RuntimeException ex) {
				log.warn("OpenID Provider clean-up failed; next try in {}: {}", properties.cleanupInterval(), ex.toString());
			}
		}, properties.cleanupInterval(), properties.cleanupInterval()));
	}
}
