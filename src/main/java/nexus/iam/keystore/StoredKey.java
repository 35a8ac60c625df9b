package nexus.iam.keystore;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code signing_keys}.
 *
 * @param kid the key id, its RFC 7638 thumbprint for generated keys
 * @param publicJwk the public JWK as JSON
 * @param privateKey the private JWK encrypted by {@link KeyEncryption}; null for a key that never
 * signs here and for a retired key
 * @param kekId which key-encryption key encrypted it; null without a private key
 * @param origin generated here, or imported from the configured key set
 * @param createdAt when the row was written
 * @param activatesAt from when it signs
 * @param retiredAt when it was retired
 */
record StoredKey(String kid, String publicJwk, byte @Nullable [] privateKey, @Nullable String kekId, Origin origin,
		Instant createdAt, Instant activatesAt, @Nullable Instant retiredAt) {

	boolean canSign() {
		return this.privateKey != null;
	}

	boolean retired() {
		return this.retiredAt != null;
	}

	/** Whether it ever was the active key: its activation came, and it was not retired before. */
	boolean activatedBy(Instant now) {
		return !this.activatesAt.isAfter(now) && (this.retiredAt == null || this.retiredAt.isAfter(this.activatesAt));
	}

	@Override
	public String toString() {
		// the encrypted private key stays out of every log line
		return "StoredKey[kid=" + this.kid + ", activatesAt=" + this.activatesAt + ", retiredAt=" + this.retiredAt + "]";
	}

	/** Where a key came from. */
	enum Origin {

		GENERATED, IMPORTED;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Origin of(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}
	}
}
