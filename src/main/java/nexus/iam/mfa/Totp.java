package nexus.iam.mfa;

import java.security.InvalidKeyException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * RFC 6238 TOTP as authenticator apps expect it: HMAC-SHA1, 30-second steps, 6 digits, and one
 * step of tolerance either way for clocks that drift.
 */
final class Totp {

	static final Duration STEP = Duration.ofSeconds(30);

	static final int DIGITS = 6;

	/** Steps accepted before and after the current one. */
	static final int TOLERANCE = 1;

	private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS,
			TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

	/** The code for the step that contains {@code at}. */
	int code(byte[] secret, Instant at) {
		try {
			return this.generator.generateOneTimePassword(key(secret), at);
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException("An HMAC-SHA1 key of any length is valid", ex);
		}
	}

	/** The code as the user types it: six digits, leading zeros kept. */
	String codeText(byte[] secret, Instant at) {
		return String.format("%06d", code(secret, at));
	}

	/**
	 * The step whose code this is, among the current step and its neighbours.
	 * @return empty when the code matches none of them (or is not six digits)
	 */
	OptionalLong matchingStep(byte[] secret, String presented, Instant now) {
		String code = presented.replace(" ", "");
		if (code.length() != DIGITS || !code.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return OptionalLong.empty();
		}
		int value = Integer.parseInt(code);
		long current = step(now);
		OptionalLong found = OptionalLong.empty();
		// every candidate is computed, so the time taken does not tell which one matched
		for (long step = current - TOLERANCE; step <= current + TOLERANCE; step++) {
			if (code(secret, Instant.ofEpochSecond(step * STEP.toSeconds())) == value && found.isEmpty()) {
				found = OptionalLong.of(step);
			}
		}
		return found;
	}

	static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
	}

	private static Key key(byte[] secret) {
		return new SecretKeySpec(secret, "HmacSHA1");
	}
}
