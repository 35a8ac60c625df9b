package nexus.iam.revocation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The deny-list's synchronisation.
 *
 * @param pollInterval how often a node checks Redis and, while Redis is unreachable, reads new
 * revocations from PostgreSQL
 * @param safetyPollInterval how often a node reads new revocations from PostgreSQL even when
 * Redis is fine, to bound the effect of a lost pub/sub message
 * @param pollOverlap how far back each poll reaches before the previous one, to catch
 * transactions that committed late
 * @param maxCachedEntries how many active entries this node holds in memory (about 48 bytes
 * each at most): beyond that it checks, in PostgreSQL, every token its memory does not refuse,
 * until entries expire (docs/operations)
 */
@ConfigurationProperties("nexus.revocation")
public record RevocationProperties(@DefaultValue("1s") Duration pollInterval,
		@DefaultValue("5s") Duration safetyPollInterval, @DefaultValue("10s") Duration pollOverlap,
		@DefaultValue("500000") int maxCachedEntries) {

	public RevocationProperties {
		if (maxCachedEntries < 1) {
			throw new IllegalArgumentException("nexus.revocation.max-cached-entries must be at least 1");
		}
	}
}
