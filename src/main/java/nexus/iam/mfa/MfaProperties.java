package nexus.iam.mfa;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The second factor.
 *
 * @param issuer the name an authenticator app shows next to the account ({@code issuer} of the
 * {@code otpauth://} URI)
 * @param maxFailures wrong codes a user may enter per {@code failureWindow} before codes are
 * refused until the window ends
 * @param failureWindow the window wrong codes are counted in
 */
@ConfigurationProperties("nexus.mfa")
public record MfaProperties(@DefaultValue("Nexus IAM") String issuer, @DefaultValue("5") int maxFailures,
		@DefaultValue("15m") Duration failureWindow) {

	public MfaProperties {
		if (issuer.isBlank()) {
			throw new IllegalArgumentException("nexus.mfa.issuer must not be blank");
		}
		if (maxFailures < 1) {
			throw new IllegalArgumentException("nexus.mfa.max-failures must be at least 1, not " + maxFailures);
		}
		if (failureWindow.isNegative() || failureWindow.isZero()) {
			throw new IllegalArgumentException("nexus.mfa.failure-window must be positive, not " + failureWindow);
		}
	}
}
