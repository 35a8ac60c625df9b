package nexus.iam.passkey;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkeys.
 *
 * @param rpId the WebAuthn relying-party id: the public URL's host when unset, or a parent domain
 * of it, so that one passkey works on every subdomain
 * @param rpName the name authenticators show next to the passkey
 * @param allowedOrigins origins besides the public URL's own whose pages may use the passkeys
 * (each must be the RP ID or a subdomain of it)
 * @param challengeLifetime how long a challenge may be answered; at most five minutes
 * @param recentSignIn how recently the session must have signed in to remove a passkey
 */
@ConfigurationProperties("nexus.passkey")
public record PasskeyProperties(@Nullable String rpId, @DefaultValue("Nexus") String rpName,
		@DefaultValue List<String> allowedOrigins, @DefaultValue("5m") Duration challengeLifetime,
		@DefaultValue("10m") Duration recentSignIn) {

	public PasskeyProperties {
		if (rpName.isBlank()) {
			throw new IllegalArgumentException("nexus.passkey.rp-name must not be blank");
		}
		if (challengeLifetime.isNegative() || challengeLifetime.isZero()
				|| challengeLifetime.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException(
					"nexus.passkey.challenge-lifetime must be positive and at most 5m, not " + challengeLifetime);
		}
		if (recentSignIn.isNegative() || recentSignIn.isZero()) {
			throw new IllegalArgumentException("nexus.passkey.recent-sign-in must be positive, not " + recentSignIn);
		}
		allowedOrigins = List.copyOf(allowedOrigins);
	}
}
