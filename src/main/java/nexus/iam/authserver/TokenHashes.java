package nexus.iam.authserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Tokens are stored as their SHA-256 hash. An authorization read back holds the value of the token
 * the client presented; its other tokens carry a stand-in made of their hash, which hashes back to
 * the same stored hash, so saving the authorization again never changes what is stored for them.
 */
final class TokenHashes {

	private static final String STAND_IN = "nexus-stored-hash:";

	private TokenHashes() {
	}

	/**
	 * The hash of a value a client presented: always hashed, so that a presented stand-in never
	 * finds the token it stands for.
	 */
	static byte[] ofPresented(String value) {
		return sha256(value);
	}

	/** The stored form of a token of an authorization being saved (a stand-in: its own hash). */
	static byte[] ofSaved(String value) {
		if (value.startsWith(STAND_IN)) {
			try {
				byte[] hash = Base64.getUrlDecoder().decode(value.substring(STAND_IN.length()));
				if (hash.length == 32) {
					return hash;
				}
			}
			catch (IllegalArgumentException ex) {
				// not a stand-in of ours after all: hashed like any value
			}
		}
		return sha256(value);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

	/** The value an authorization read back carries for a token whose value was not presented. */
	static String standIn(byte[] hash) {
		return STAND_IN + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
	}

	static boolean same(byte[] a, byte[] b) {
		return Arrays.equals(a, b);
	}
}
