package nexus.iam.keystore;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import nexus.iam.token.AccessTokenService;

/**
 * The status of every stored key at one instant, worked out from the keys' instants alone: the
 * same rule {@code SigningKeys} applies when it picks the key that signs, so the administration
 * API shows what the nodes do.
 */
final class KeyTimeline {

	private final List<StoredKey> keys;

	private final Instant now;

	private final Duration tokenLifetime;

	private final @Nullable StoredKey active;

	KeyTimeline(List<StoredKey> keys, Instant now, Duration tokenLifetime) {
		this.keys = keys.stream().sorted(Comparator.comparing(StoredKey::activatesAt)).toList();
		this.now = now;
		this.tokenLifetime = tokenLifetime;
		this.active = this.keys.stream()
			.filter((key) -> !key.retired() && key.canSign() && !key.activatesAt().isAfter(now))
			.max(Comparator.comparing(StoredKey::activatesAt))
			.orElse(null);
	}

	SigningKeyStatus status(StoredKey key) {
		if (key.retired()) {
			return SigningKeyStatus.RETIRED;
		}
		if (key.activatesAt().isAfter(this.now)) {
			return SigningKeyStatus.NEXT;
		}
		return (key == this.active) ? SigningKeyStatus.ACTIVE : SigningKeyStatus.PREVIOUS;
	}

	/** The key waiting for its activation, if any. */
	Optional<StoredKey> pending() {
		return this.keys.stream().filter((key) -> status(key) == SigningKeyStatus.NEXT).findFirst();
	}

	/** Oldest activation first. */
	List<SigningKeyView> views() {
		return this.keys.stream().map(this::view).toList();
	}

	Optional<SigningKeyView> find(String kid) {
		return this.keys.stream().filter((key) -> key.kid().equals(kid)).findFirst().map(this::view);
	}

	private SigningKeyView view(StoredKey key) {
		SigningKeyStatus status = status(key);
		Instant stopped = (status == SigningKeyStatus.PREVIOUS) ? stoppedSigningAt(key) : null;
		Instant retirable = switch (status) {
			case PREVIOUS -> stopped.plus(this.tokenLifetime).plus(AccessTokenService.CLOCK_SKEW);
			case NEXT -> key.createdAt();
			default -> null;
		};
		return new SigningKeyView(key.kid(), status.value(), key.origin().value(), key.createdAt(),
				key.activatesAt(), stopped, retirable, key.retiredAt());
	}

	/**
	 * When a previous key last signed: when the next key that became active after it did. A key
	 * that never signs here (imported to verify only) stopped when it was imported.
	 */
	private Instant stoppedSigningAt(StoredKey key) {
		if (!key.canSign()) {
			return key.createdAt();
		}
		return this.keys.stream()
			// keys imported to verify only share the import instant with the imported signing key,
			// and every generated key comes after them: none of them is ever "later"
			.filter((later) -> later.activatedBy(this.now) && later.activatesAt().isAfter(key.activatesAt()))
			.map(StoredKey::activatesAt)
			.min(Comparator.naturalOrder())
			.orElse(this.now);
	}
}
