package nexus.iam.keystore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Encrypts private signing keys at rest: AES-256-GCM under the key-encryption key, a fresh 96-bit
 * nonce per encryption, and the kid as associated data, so that a ciphertext moved to another
 * row does not decrypt. Stored as {@code version (1) || nonce (12) || ciphertext || tag (16)}.
 */
final class KeyEncryption {

	static final String SETTING = "NEXUS_TOKEN_KEY_ENCRYPTION_KEY";

	/** The earlier keys, while the key-encryption key is changed. */
	static final String PREVIOUS_SETTING = "NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS";

	static final int KEY_BYTES = 32;

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	private final String id;

	/** The setting the key came from, for the messages. */
	private final String setting;

	private KeyEncryption(byte[] key, String setting) {
		this.key = new SecretKeySpec(key, "AES");
		this.id = fingerprint(key);
		this.setting = setting;
	}

	/**
	 * The key-encryption key from its setting: 32 bytes, base64 (standard or URL-safe, padding
	 * optional).
	 * @throws IllegalArgumentException naming the setting when the value is not that
	 */
	static KeyEncryption of(String base64) {
		try {
			return new KeyEncryption(decode(base64), SETTING);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(SETTING + " " + ex.getMessage());
		}
	}

	/**
	 * The earlier key-encryption keys from their setting: comma-separated, each as
	 * {@link #of}; blank entries are skipped, and none at all when the setting is empty.
	 * @throws IllegalArgumentException naming the setting and the entry's position (never its
	 * value) when an entry is not a key
	 */
	static List<KeyEncryption> previous(@Nullable String commaSeparated) {
		List<String> entries = entries(commaSeparated);
		List<KeyEncryption> keys = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			try {
				keys.add(new KeyEncryption(decode(entries.get(i)), PREVIOUS_SETTING));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(position(i, entries.size()) + " " + ex.getMessage());
			}
		}
		return keys;
	}

	/** The entries of the comma-separated setting of the earlier keys, blank ones left out. */
	static List<String> entries(@Nullable String commaSeparated) {
		if (commaSeparated == null) {
			return List.of();
		}
		return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter((entry) -> !entry.isEmpty()).toList();
	}

	/** How a message names an entry of the earlier keys: by position, never by value. */
	static String position(int index, int count) {
		return PREVIOUS_SETTING + " (key " + (index + 1) + " of " + count + ")";
	}

	/** Why a value cannot be the key-encryption key ("must be …"), or empty when it can. */
	static Optional<String> problem(String base64) {
		try {
			decode(base64);
			return Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(ex.getMessage());
		}
	}

	/** A fingerprint of the key (not the key): tells which key encrypted a row. */
	String id() {
		return this.id;
	}

	byte[] encrypt(String kid, byte[] plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			byte[] sealed = cipher(Cipher.ENCRYPT_MODE, kid, nonce).doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every JDK", ex);
		}
	}

	/**
	 * @throws IllegalStateException when the value was not encrypted under this key for this kid,
	 * or was changed
	 */
	byte[] decrypt(String kid, byte[] stored) {
		if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
			throw new IllegalStateException("the encrypted private key of " + kid + " is not in a known format");
		}
		byte[] nonce = Arrays.copyOfRange(stored, 1, 1 + NONCE_BYTES);
		try {
			return cipher(Cipher.DECRYPT_MODE, kid, nonce).doFinal(stored, 1 + NONCE_BYTES,
					stored.length - 1 - NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the private key of " + kid + " does not decrypt under " + this.setting
					+ ": another key encrypted it, or the stored value was changed");
		}
	}

	private Cipher cipher(int mode, String kid, byte[] nonce) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private static byte[] decode(String base64) {
		String normalized = base64.strip().replace('-', '+').replace('_', '/');
		byte[] key;
		try {
			key = Base64.getDecoder().decode(normalized);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("is not base64");
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException("must be " + KEY_BYTES
					+ " random bytes in base64 (openssl rand -base64 32), but it holds " + key.length + " bytes");
		}
		if (IntStream.range(0, key.length).map((i) -> key[i]).distinct().count() < 16) {
			throw new IllegalArgumentException("has too few distinct bytes to be random");
		}
		return key;
	}

	private static String fingerprint(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] digest = mac.doFinal("nexus-iam/key-encryption-key-id/v1".getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}
}
