package nexus.iam.authserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider's own settings (its clients are {@code nexus.oidc-provider.clients}, see
 * clientregistry).
 *
 * @param idTokenLifetime how long an ID token is valid: a client checks it once, at sign-in
 * @param cleanupInterval how often each node deletes authorizations nothing of which can be used
 * any more
 */
@ConfigurationProperties("nexus.oidc-provider.tokens")
public record AuthServerProperties(@DefaultValue("10m") Duration idTokenLifetime,
		@DefaultValue("10m") Duration cleanupInterval) {

	public AuthServerProperties {
		if (idTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0 || idTokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("nexus.oidc-provider.tokens.id-token-lifetime must be 1m to 1h");
		}
		if (cleanupInterval.compareTo(Duration.ofSeconds(10)) < 0) {
			throw new IllegalArgumentException("nexus.oidc-provider.tokens.cleanup-interval must be at least 10s");
		}
	}
}
