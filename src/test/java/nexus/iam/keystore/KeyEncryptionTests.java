package nexus.iam.keystore;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** AES-256-GCM of the private keys at rest, and the key-encryption key's setting. */
class KeyEncryptionTests {

	private static final byte[] PLAINTEXT = "{\"kty\":\"EC\",\"d\":\"private\"}".getBytes(StandardCharsets.UTF_8);

	private final KeyEncryption encryption = KeyEncryption.of(randomKey());

	@Test
	void encryptThenDecryptReturnsThePlaintext() {
		byte[] sealed = this.encryption.encrypt("kid-1", PLAINTEXT);

		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private", "kty");
		assertThat(this.encryption.decrypt("kid-1", sealed)).isEqualTo(PLAINTEXT);
	}

	@Test
	void encryptTwiceGivesDifferentCiphertexts() {
		assertThat(this.encryption.encrypt("kid-1", PLAINTEXT)).isNotEqualTo(this.encryption.encrypt("kid-1", PLAINTEXT));
	}

	@Test
	void decryptWhenAnotherKeyThenFailsNamingTheSetting() {
		byte[] sealed = this.encryption.encrypt("kid-1", PLAINTEXT);
		KeyEncryption other = KeyEncryption.of(randomKey());

		assertThat(other.id()).isNotEqualTo(this.encryption.id());
		assertThatIllegalStateException().isThrownBy(() -> other.decrypt("kid-1", sealed))
			.withMessageContaining("NEXUS_TOKEN_KEY_ENCRYPTION_KEY");
	}

	@Test
	void decryptWhenMovedToAnotherKidThenFails() {
		byte[] sealed = this.encryption.encrypt("kid-1", PLAINTEXT);
		assertThatIllegalStateException().isThrownBy(() -> this.encryption.decrypt("kid-2", sealed));
	}

	@Test
	void decryptWhenOneByteChangedThenFails() {
		byte[] sealed = this.encryption.encrypt("kid-1", PLAINTEXT);
		sealed[sealed.length - 20] ^= 1;
		assertThatIllegalStateException().isThrownBy(() -> this.encryption.decrypt("kid-1", sealed));
	}

	@Test
	void decryptWhenTruncatedOrUnknownVersionThenFails() {
		byte[] sealed = this.encryption.encrypt("kid-1", PLAINTEXT);
		assertThatIllegalStateException().isThrownBy(() -> this.encryption.decrypt("kid-1", new byte[] { 1, 2, 3 }));
		sealed[0] = 2;
		assertThatIllegalStateException().isThrownBy(() -> this.encryption.decrypt("kid-1", sealed))
			.withMessageContaining("not in a known format");
	}

	@Test
	void ofAcceptsStandardAndUrlSafeBase64WithOrWithoutPadding() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		KeyEncryption standard = KeyEncryption.of(Base64.getEncoder().encodeToString(key));
		KeyEncryption urlSafe = KeyEncryption.of(Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n");

		assertThat(urlSafe.id()).isEqualTo(standard.id());
		assertThat(urlSafe.decrypt("k", standard.encrypt("k", PLAINTEXT))).isEqualTo(PLAINTEXT);
	}

	@Test
	void ofWhenNotThirtyTwoBytesThenRefusedNamingTheSetting() {
		String sixteen = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryption.of(sixteen))
			.withMessageContaining("NEXUS_TOKEN_KEY_ENCRYPTION_KEY must be 32 random bytes")
			.withMessageContaining("16 bytes");
		assertThat(KeyEncryption.problem("not base64 at all!")).hasValue("is not base64");
	}

	@Test
	void ofWhenBytesAreNotRandomThenRefused() {
		assertThat(KeyEncryption.problem(Base64.getEncoder().encodeToString(new byte[32])))
			.hasValue("has too few distinct bytes to be random");
	}

	@Test
	void previousReadsCommaSeparatedKeysSkippingBlankEntries() {
		String first = randomKey();
		String second = randomKey();

		assertThat(KeyEncryption.previous(" " + first + " ,, " + second + ",\n")).extracting(KeyEncryption::id)
			.containsExactly(KeyEncryption.of(first).id(), KeyEncryption.of(second).id());
		assertThat(KeyEncryption.previous(null)).isEmpty();
		assertThat(KeyEncryption.previous(" ")).isEmpty();
	}

	@Test
	void previousWhenAnEntryIsNotAKeyThenRefusedNamingTheSettingAndPositionNotTheValue() {
		String sixteen = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryption.previous(randomKey() + "," + sixteen))
			.withMessageStartingWith("NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS (key 2 of 2) must be 32 random bytes")
			.withMessageNotContaining(sixteen);
	}

	@Test
	void decryptUnderAPreviousKeyWhenAnotherKeyThenFailsNamingThePreviousSetting() {
		byte[] sealed = this.encryption.encrypt("kid-1", PLAINTEXT);
		KeyEncryption previous = KeyEncryption.previous(randomKey()).getFirst();

		assertThatIllegalStateException().isThrownBy(() -> previous.decrypt("kid-1", sealed))
			.withMessageContaining("does not decrypt under NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS");
		assertThat(KeyEncryption.previous(KeyEncryptionTests.randomKey()).getFirst().id()).isNotEqualTo(this.encryption.id());
	}

	static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}
}
