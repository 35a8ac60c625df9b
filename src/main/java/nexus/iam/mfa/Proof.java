package nexus.iam.mfa;

import org.jspecify.annotations.Nullable;

/**
 * What the user presents as the second factor: a code from the app or a recovery code.
 *
 * @param code six digits from the authenticator app
 * @param recoveryCode one of the recovery codes
 */
public record Proof(@Nullable String code, @Nullable String recoveryCode) {

	public static Proof of(@Nullable String code, @Nullable String recoveryCode) {
		return new Proof(blankToNull(code), blankToNull(recoveryCode));
	}

	boolean isEmpty() {
		return this.code == null && this.recoveryCode == null;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	@Override
	public String toString() {
		return "Proof[…]";
	}
}
