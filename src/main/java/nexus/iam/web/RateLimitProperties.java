package nexus.iam.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Rate limits, as {@code <requests>/<period>} (e.g. {@code 30/1m}) per endpoint group.
 *
 * @param enabled whether limits are enforced
 * @param signIn per client address: starting a sign-in and its callback
 * @param token per client address: refresh, revoke, sign-out and the CSRF token
 * @param account per user: changes under {@code /api/me}
 */
@ConfigurationProperties("nexus.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30/1m") String signIn,
		@DefaultValue("120/1m") String token, @DefaultValue("60/1m") String account) {

	public RateLimitProperties {
		Limit.parse(signIn);
		Limit.parse(token);
		Limit.parse(account);
	}

	/**
	 * A token bucket: {@code capacity} requests, refilled evenly over {@code period}.
	 *
	 * @param capacity requests allowed per period
	 * @param period the period
	 */
	record Limit(long capacity, Duration period) {

		static Limit parse(String value) {
			int slash = value.indexOf('/');
			if (slash < 1) {
				throw new IllegalArgumentException("a rate limit is <requests>/<period>, e.g. 30/1m; got " + value);
			}
			long capacity = Long.parseLong(value.substring(0, slash).strip());
			Duration period = DurationStyle.detectAndParse(value.substring(slash + 1).strip());
			if (capacity < 1 || period.isZero() || period.isNegative()) {
				throw new IllegalArgumentException("a rate limit needs at least 1 request per positive period: " + value);
			}
			return new Limit(capacity, period);
		}
	}
}
