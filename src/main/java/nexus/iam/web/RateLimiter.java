package nexus.iam.web;

import java.time.Duration;

/** Token buckets by key; shared across nodes when backed by Redis. */
interface RateLimiter {

	/**
	 * Takes one request from the bucket of this key.
	 * @return {@link Duration#ZERO} when allowed, else how long until the next request would be
	 */
	Duration tryConsume(String key, RateLimitProperties.Limit limit);
}
