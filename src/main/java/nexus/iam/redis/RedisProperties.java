package nexus.iam.redis;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis, which holds only fast copies of what PostgreSQL keeps (see docs/architecture.md). Without
 * a URL or Sentinel nodes every Redis-backed store uses its in-process implementation.
 *
 * @param url e.g. {@code redis://:password@redis:6379/0} ({@code rediss://} for TLS), or
 * Lettuce's {@code redis-sentinel://[password@]host:port[,host:port…][/database]#master}
 * @param commandTimeout how long one command may take before the node treats Redis as unreachable
 * @param sentinel the Sentinel set-up that names the current primary, instead of a URL
 * @param password the password of the Redis servers (primary and replicas) found through Sentinel
 * @param database the logical database on the servers found through Sentinel
 * @param keyPrefix put before every key and pub/sub channel name, so that several deployments (or
 * test runs) can share one Redis without meeting; channels are server-wide, whatever the database
 */
@ConfigurationProperties("nexus.redis")
public record RedisProperties(@Nullable URI url, @DefaultValue("500ms") Duration commandTimeout,
		@DefaultValue Sentinel sentinel, @Nullable String password, @DefaultValue("0") int database, @DefaultValue("") String keyPrefix) {

	public RedisProperties {
		if (hasUrl(url) && sentinel.configured()) {
			throw new IllegalArgumentException(
					"Set either NEXUS_REDIS_URL or NEXUS_REDIS_SENTINEL_NODES, not both: they name different Redis set-ups");
		}
		if (sentinel.configured() && (sentinel.master() == null || sentinel.master().isBlank())) {
			throw new IllegalArgumentException(
					"NEXUS_REDIS_SENTINEL_MASTER (the name the sentinels monitor the primary under) is required with NEXUS_REDIS_SENTINEL_NODES");
		}
		if (database < 0) {
			throw new IllegalArgumentException("nexus.redis.database must not be negative, got " + database);
		}
	}

	public boolean configured() {
		return hasUrl(this.url) || this.sentinel.configured();
	}

	private static boolean hasUrl(@Nullable URI url) {
		return url != null && !url.toString().isBlank();
	}

	/**
	 * Redis Sentinel: the service asks the sentinels for the current primary when it connects and
	 * whenever it reconnects, so a failover moves it to the promoted replica by itself.
	 *
	 * @param nodes the sentinels, {@code host:port} each (port 26379 when left out); list all of them
	 * @param master the name under which the sentinels monitor the primary ({@code sentinel monitor <name> …})
	 * @param password the sentinels' own password ({@code requirepass} in their configuration), if any
	 */
	public record Sentinel(@DefaultValue List<String> nodes, @Nullable String master, @Nullable String password) {

		public boolean configured() {
			return this.nodes.stream().anyMatch((node) -> !node.isBlank());
		}
	}
}
