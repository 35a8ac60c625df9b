package nexus.iam.restore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restores of a backup.
 *
 * @param unsealedDatabase what to do on a database restored without restore.sh's epoch
 * @param epochPollInterval how often a running node reads the newest restore epoch, so that a node
 * that kept running across a restore refuses the access tokens issued before it too
 */
@ConfigurationProperties("nexus.restore")
public record RestoreProperties(@DefaultValue("refuse") UnsealedDatabase unsealedDatabase,
		@DefaultValue("5s") Duration epochPollInterval) {

	public RestoreProperties {
		if (epochPollInterval.isNegative() || epochPollInterval.isZero()) {
			throw new IllegalArgumentException(
					"nexus.restore.epoch-poll-interval must be positive, got " + epochPollInterval);
		}
	}
}
