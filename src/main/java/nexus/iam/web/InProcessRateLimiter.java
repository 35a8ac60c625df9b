package nexus.iam.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/** Buckets in this node's memory: the embedded default, and the fallback while Redis is away. */
final class InProcessRateLimiter implements RateLimiter {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(1, TimeUnit.HOURS)
		.build();

	@Override
	public Duration tryConsume(String key, RateLimitProperties.Limit limit) {
		Bucket bucket = this.buckets.get(key + "|" + limit, (k) -> Bucket.builder().addLimit(bandwidth(limit)).build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	static Bandwidth bandwidth(RateLimitProperties.Limit limit) {
		return Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build();
	}
}
