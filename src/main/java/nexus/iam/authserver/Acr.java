package nexus.iam.authserver;

import java.util.List;

/**
 * The Authentication Context Class References the provider uses ({@code acr} in ID tokens, and what
 * {@code acr_values} may ask for): two values, by whether the session proved a second factor.
 */
final class Acr {

	/** The session proved one factor (a provider's sign-in, a passkey without user verification). */
	static final String ONE_FACTOR = "nexus:1fa";

	/** The session proved two factors: TOTP, a recovery code, or a user-verified passkey. */
	static final String TWO_FACTORS = "nexus:mfa";

	private Acr() {
	}

	/** The same rule as forward-auth's two-factor check: an {@code otp} or {@code mfa} method. */
	static boolean twoFactors(List<String> amr) {
		return amr.contains("otp") || amr.contains("mfa");
	}

	static String of(List<String> amr) {
		return twoFactors(amr) ? TWO_FACTORS : ONE_FACTOR;
	}
}
