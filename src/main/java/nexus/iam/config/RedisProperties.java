package nexus.iam.config;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis, which holds only fast copies of what PostgreSQL keeps (see docs/architecture.md). Without
 * a URL every Redis-backed store uses its in-process implementation.
 *
 * @param url e.g. {@code redis://:password@redis:6379/0} ({@code rediss://} for TLS)
 * @param commandTimeout how long one command may take before the node treats Redis as unreachable
 * @param keyPrefix put before every key and pub/sub channel name, so that several deployments (or
 * test runs) can share one Redis without meeting; channels are server-wide, whatever the database
 */
@ConfigurationProperties("nexus.redis")
public record RedisProperties(@Nullable URI url, @DefaultValue("500ms") Duration commandTimeout,
		@DefaultValue("") String keyPrefix) {

	public boolean configured() {
		return this.url != null && !this.url.toString().isBlank();
	}
}
