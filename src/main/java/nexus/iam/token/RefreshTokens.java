package nexus.iam.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Refresh-token values: 256 bits from {@link SecureRandom}, base64url without padding. Only the
 * SHA-256 of a value is stored; a plain hash suffices because the value itself has full entropy.
 */
final class RefreshTokens {

	private static final int BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private RefreshTokens() {
	}

	static String newValue() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] hash(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}
}
