package nexus.iam.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail.
 *
 * @param retention how long events are kept; older ones are deleted
 * @param cleanupInterval how often each node deletes expired events
 * @param cleanupBatchSize events deleted per statement
 */
@ConfigurationProperties("nexus.audit")
public record AuditProperties(@DefaultValue("365d") Duration retention, @DefaultValue("6h") Duration cleanupInterval,
		@DefaultValue("1000") int cleanupBatchSize) {

	public AuditProperties {
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("nexus.audit.retention must be at least 1 day, got " + retention);
		}
		if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
			throw new IllegalArgumentException("nexus.audit.cleanup-interval must be positive, got " + cleanupInterval);
		}
		if (cleanupBatchSize < 1 || cleanupBatchSize > 10_000) {
			throw new IllegalArgumentException(
					"nexus.audit.cleanup-batch-size must be between 1 and 10000, got " + cleanupBatchSize);
		}
	}
}
