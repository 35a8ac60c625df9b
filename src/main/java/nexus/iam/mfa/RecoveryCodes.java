package nexus.iam.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes: ten per enrolment, 80 random bits each, shown as four groups of
 * four base32 characters ({@code abcd-efgh-ijkl-mnop}). With that much entropy an unsalted
 * SHA-256 is enough to store them: nobody can search the space.
 */
final class RecoveryCodes {

	static final int COUNT = 10;

	private static final int BYTES = 10;

	private static final SecureRandom RANDOM = new SecureRandom();

	private RecoveryCodes() {
	}

	static List<String> generate() {
		List<String> codes = new ArrayList<>(COUNT);
		for (int i = 0; i < COUNT; i++) {
			byte[] bytes = new byte[BYTES];
			RANDOM.nextBytes(bytes);
			String plain = Base32.encode(bytes).toLowerCase(Locale.ROOT);
			codes.add(String.join("-", plain.substring(0, 4), plain.substring(4, 8), plain.substring(8, 12),
					plain.substring(12, 16)));
		}
		return codes;
	}

	/** The hash of a code as typed: case, spaces and dashes do not matter. */
	static byte[] hash(String code) {
		String normalized = code.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
		try {
			return MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}
}
