package nexus.iam.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User sessions.
 *
 * @param maxLifetime absolute lifetime of a session, however often its tokens are refreshed
 */
@ConfigurationProperties("nexus.session")
public record SessionProperties(@DefaultValue("30d") Duration maxLifetime) {

	public SessionProperties {
		if (maxLifetime.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException("nexus.session.max-lifetime must be at least 1 hour, got " + maxLifetime);
		}
	}
}
