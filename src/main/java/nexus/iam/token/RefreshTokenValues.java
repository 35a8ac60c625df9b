package nexus.iam.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Refresh-token values: 256 bits, base64url without padding. Only the SHA-256 of a value is
 * stored; a plain hash suffices because every value has full entropy.
 *
 * <p>The first value of a session is random. Each later one is the HMAC-SHA256 of its predecessor
 * under a server secret: so a client that retries a refresh inside the grace window gets exactly
 * the same successor again without the server ever storing a token, while nobody without the
 * secret can compute a successor from a stolen token.
 */
public final class RefreshTokenValues {

	private static final Pattern WELL_FORMED = Pattern.compile("^[A-Za-z0-9_-]{43}$");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec successorKey;

	RefreshTokenValues(byte[] secret) {
		this.successorKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"),
				"nexus-iam/refresh-successor/v1".getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
	}

	public String newValue() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return encode(bytes);
	}

	/** The successor of a value: the same for the same value, unpredictable without the secret. */
	public String successorOf(String value) {
		return encode(hmac(this.successorKey, value.getBytes(StandardCharsets.US_ASCII)));
	}

	/** Whether a presented value has the shape of one of ours (43 base64url characters). */
	public static boolean wellFormed(String value) {
		return value != null && WELL_FORMED.matcher(value).matches();
	}

	public static byte[] hash(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] hmac(SecretKeySpec key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}
}
