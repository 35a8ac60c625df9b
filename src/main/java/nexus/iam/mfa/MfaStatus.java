package nexus.iam.mfa;

import java.util.Locale;

/**
 * Where a user's second factor stands.
 *
 * @param totp whether an authenticator app is set up
 * @param recoveryCodesLeft unused recovery codes
 */
public record MfaStatus(State totp, int recoveryCodesLeft) {

	/** An authenticator app: none, awaiting its first code, or in use. */
	public enum State {

		OFF, PENDING, ENABLED;

		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}
	}
}
