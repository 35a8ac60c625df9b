package nexus.iam.web;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis, shared by every node (Bucket4j, compare-and-set). While Redis cannot be
 * reached, each node limits on its own instead of failing requests: limits may then be exceeded by
 * a factor of the number of nodes, never turned into an outage.
 */
final class RedisRateLimiter implements RateLimiter, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

	private static final long RECONNECT_AFTER_NANOS = Duration.ofSeconds(1).toNanos();

	private final RedisClient client;

	private final InProcessRateLimiter fallback = new InProcessRateLimiter();

	private final ReentrantLock connecting = new ReentrantLock();

	private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;

	private volatile @Nullable ProxyManager<String> buckets;

	private volatile long nextConnectAttempt;

	/** {@code nexus.redis.key-prefix}, before every bucket's key. */
	private final String prefix;

	/** @param client the service's Redis client, whose owner shuts it down */
	RedisRateLimiter(RedisClient client, String prefix) {
		this.client = client;
		this.prefix = prefix;
	}

	@Override
	public Duration tryConsume(String key, RateLimitProperties.Limit limit) {
		ProxyManager<String> shared = buckets();
		if (shared == null) {
			return this.fallback.tryConsume(key, limit);
		}
		try {
			ConsumptionProbe probe = shared.builder()
				.build(this.prefix + "rate:" + key + ":" + limit.capacity() + "/" + limit.period().toSeconds(),
						() -> BucketConfiguration.builder().addLimit(InProcessRateLimiter.bandwidth(limit)).build())
				.tryConsumeAndReturnRemaining(1);
			return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
		}
		catch (RuntimeException ex) {
			log.debug("Rate limits: Redis unavailable ({}), limiting per node", ex.getMessage());
			return this.fallback.tryConsume(key, limit);
		}
	}

	/** The shared buckets, connecting on first use; null while Redis cannot be reached. */
	private @Nullable ProxyManager<String> buckets() {
		ProxyManager<String> current = this.buckets;
		if (current != null || System.nanoTime() < this.nextConnectAttempt) {
			return current;
		}
		if (!this.connecting.tryLock()) {
			return null; // another request is connecting: limit per node meanwhile rather than wait
		}
		try {
			if (this.buckets == null && System.nanoTime() >= this.nextConnectAttempt) {
				try {
					StatefulRedisConnection<String, byte[]> opened = this.client
						.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
					this.connection = opened;
					this.buckets = Bucket4jLettuce.casBasedBuilder(opened)
						.expirationAfterWrite(
								ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
						.build();
				}
				catch (RuntimeException ex) {
					log.warn("Rate limits: cannot connect to Redis ({}); limiting per node for now", ex.getMessage());
					this.nextConnectAttempt = System.nanoTime() + RECONNECT_AFTER_NANOS;
				}
			}
			return this.buckets;
		}
		finally {
			this.connecting.unlock();
		}
	}

	@Override
	public void close() {
		StatefulRedisConnection<String, byte[]> opened = this.connection;
		if (opened != null) {
			opened.close();
		}
	}
}
