package nexus.iam.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User sessions.
 *
 * @param maxLifetime absolute lifetime of a session, however often its tokens are refreshed
 * @param activityInterval a session's {@code last_activity_at} moves at most once per interval
 * @param activityFlushInterval how often noted activity is written, in one statement for all sessions
 * @param retention how long an ended (revoked or expired) session and an expired refresh token are
 * kept before clean-up deletes them
 * @param cleanupInterval how often clean-up runs on each node
 * @param cleanupBatchSize rows deleted per statement, so that clean-up never holds many locks
 * @param auditRefreshes whether each routine rotation is an audit event ({@code token_refreshed});
 * off by default: one row per session every quarter of an hour is most of the audit table and a
 * fifth of a refresh's cost, while failures, retries and reuse are always recorded
 * @param maxPerUser how many live sessions one user may have; a sign-in beyond it ends the user's
 * least recently used session ({@code session_limit})
 */
@ConfigurationProperties("nexus.session")
public record SessionProperties(@DefaultValue("30d") Duration maxLifetime,
		@DefaultValue("1m") Duration activityInterval, @DefaultValue("10s") Duration activityFlushInterval,
		@DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration cleanupInterval,
		@DefaultValue("500") int cleanupBatchSize, @DefaultValue("false") boolean auditRefreshes,
		@DefaultValue("50") int maxPerUser) {

	public SessionProperties {
		if (maxLifetime.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException("nexus.session.max-lifetime must be at least 1 hour, got " + maxLifetime);
		}
		requirePositive("activity-interval", activityInterval);
		requirePositive("activity-flush-interval", activityFlushInterval);
		requirePositive("retention", retention);
		requirePositive("cleanup-interval", cleanupInterval);
		if (cleanupBatchSize < 1 || cleanupBatchSize > 10_000) {
			throw new IllegalArgumentException(
					"nexus.session.cleanup-batch-size must be between 1 and 10000, got " + cleanupBatchSize);
		}
		if (maxPerUser < 1 || maxPerUser > 10_000) {
			throw new IllegalArgumentException(
					"nexus.session.max-per-user must be between 1 and 10000, got " + maxPerUser);
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("nexus.session." + name + " must be positive, got " + value);
		}
	}
}
