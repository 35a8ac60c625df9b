package nexus.iam.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets at rest: AES-256-GCM under a key derived from a service secret with
 * HMAC-SHA256 and a purpose label, so the same secret yields unrelated keys for each use. The
 * user id is the associated data: a ciphertext copied to another user's row does not decrypt.
 * Stored as {@code version (1) || nonce (12) || ciphertext and tag}.
 */
final class SecretCipher {

	private static final byte VERSION = 1;

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	SecretCipher(byte[] serviceSecret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(serviceSecret, "HmacSHA256"));
			this.key = new SecretKeySpec(mac.doFinal("nexus-iam/totp-secret/v1".getBytes(StandardCharsets.US_ASCII)),
					"AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	byte[] encrypt(UUID userId, byte[] plaintext) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(aad(userId));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_LENGTH + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every JDK", ex);
		}
	}

	/** @throws IllegalStateException when the value was not sealed for this user under this key */
	byte[] decrypt(UUID userId, byte[] stored) {
		if (stored.length < 1 + NONCE_LENGTH + TAG_BITS / 8 || stored[0] != VERSION) {
			throw new IllegalStateException("Not a sealed TOTP secret");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_LENGTH));
			cipher.updateAAD(aad(userId));
			return cipher.doFinal(stored, 1 + NONCE_LENGTH, stored.length - 1 - NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The TOTP secret does not decrypt: was the service secret changed?", ex);
		}
	}

	private static byte[] aad(UUID userId) {
		return userId.toString().getBytes(StandardCharsets.US_ASCII);
	}
}
