package nexus.iam.backchannel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One sign-out.
 *
 * @param backchannelTimeout how long connecting to an application's back-channel logout URI, and
 * then its answer, may each take; a slower application is tried again later
 * @param logoutTokenLifetime how long a logout token is valid ({@code exp - iat}): a delivery
 * signs a fresh one at each attempt, so it only needs to outlive one request
 */
@ConfigurationProperties("nexus.oidc-provider.logout")
public record LogoutProperties(@DefaultValue("5s") Duration backchannelTimeout,
		@DefaultValue("2m") Duration logoutTokenLifetime) {

	/** An attempt runs on the outbox's thread: it must stay well inside the outbox's lease (2 min by default). */
	static final Duration MAX_TIMEOUT = Duration.ofSeconds(20);

	public LogoutProperties {
		if (backchannelTimeout.isNegative() || backchannelTimeout.isZero()
				|| backchannelTimeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new IllegalArgumentException(
					"nexus.oidc-provider.logout.backchannel-timeout must be above 0 and at most 20s, got "
							+ backchannelTimeout);
		}
		if (logoutTokenLifetime.compareTo(Duration.ofSeconds(30)) < 0
				|| logoutTokenLifetime.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException(
					"nexus.oidc-provider.logout.logout-token-lifetime must be 30s to 10m, got " + logoutTokenLifetime);
		}
	}
}
