package nexus.iam.mfa;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The second factor.
 *
 * @param issuer the name an authenticator app shows next to the account ({@code issuer} of the
 * {@code otpauth://} URI)
 * @param maxFailures wrong codes a user may enter per {@code failureWindow} before codes are
 * refused until the window ends
 * @param failureWindow the window wrong codes are counted in
 */
@Validated
@ConfigurationProperties("nexus.mfa")
public record MfaProperties(@DefaultValue("Nexus IAM") @NotBlank String issuer,
		@DefaultValue("5") @Min(1) int maxFailures, @DefaultValue("15m") Duration failureWindow) {
}
