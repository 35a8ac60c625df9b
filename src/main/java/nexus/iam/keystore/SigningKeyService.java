package nexus.iam.keystore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionTemplate;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.SigningKeys;
import nexus.iam.token.TokenProperties;

/**
 * Lists, rotates and retires the signing keys, and re-encrypts their private parts. Every change is made under the table lock, audited
 * in its transaction, and loaded by this node at once; the other nodes load it at their next
 * reload. With the configured key store there is nothing to change here: the keys are listed, and
 * rotating means editing the configuration.
 */
final class SigningKeyService {

	private final SigningKeys keys;

	private final @Nullable SigningKeySync sync;

	private final SigningKeyRepository repository;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final TokenProperties tokens;

	private final Clock clock;

	SigningKeyService(SigningKeys keys, @Nullable SigningKeySync sync, SigningKeyRepository repository,
			AuditLog audit, TransactionTemplate transactions, TokenProperties tokens, Clock clock) {
		this.keys = keys;
		this.sync = sync;
		this.repository = repository;
		this.audit = audit;
		this.transactions = transactions;
		this.tokens = tokens;
		this.clock = clock;
	}

	Listing list() {
		Instant now = this.clock.instant();
		if (this.sync == null) {
			String signing = this.keys.signingKid(now);
			return new Listing("configuration", this.keys.kids()
				.stream()
				.map((kid) -> new SigningKeyView(kid, (kid.equals(signing) ? SigningKeyStatus.ACTIVE
						: SigningKeyStatus.PREVIOUS).value(), "configuration", null, null, null, null, null))
				.toList());
		}
		return new Listing("database", timeline(this.repository.findAll(), now).views());
	}

	/**
	 * Creates the next key: published at once, signing after the activation delay, or after two
	 * reload intervals (as soon as every node has it) when {@code immediate}.
	 */
	SigningKeyView rotate(boolean immediate, Caller caller) {
		SigningKeySync sync = database();
		SigningKeyView created = this.transactions.execute((status) -> {
			SigningKeyRepository repository = this.repository;
			repository.lock();
			Instant now = this.clock.instant();
			timeline(repository.findAll(), now).pending().ifPresent((pending) -> {
				throw new ProblemException(ErrorCode.SIGNING_KEY_ROTATION_PENDING, "The key " + pending.kid()
						+ " becomes active at " + pending.activatesAt() + "; retire it first to replace it");
			});
			Duration delay = immediate ? this.tokens.keyReloadInterval().multipliedBy(2)
					: this.tokens.keyActivationDelay();
			ECKey key = SigningKeys.generate();
			StoredKey row = sync.encrypted(key, StoredKey.Origin.GENERATED, now, now.plus(delay));
			repository.insert(row);
			this.audit.record(new AuditEvent(AuditEventType.SIGNING_KEY_CREATED, null, null, caller.ipAddress(),
					caller.userAgent(), Map.of("kid", row.kid(), "activates_at", row.activatesAt().toString(),
							"immediate", immediate)));
			return timeline(repository.findAll(), now).find(row.kid()).orElseThrow();
		});
		sync.reload();
		return created;
	}

	/**
	 * Retires a key: it stops verifying on every node (here at once, elsewhere at the next reload)
	 * and its private part is erased. A key waiting for activation can always be retired (the
	 * rotation is called off); a previous key once its last tokens expired, or earlier with
	 * {@code force}, which rejects them; the active key never: rotate first. Retiring a retired
	 * key changes nothing.
	 */
	SigningKeyView retire(String kid, boolean force, Caller caller) {
		SigningKeySync sync = database();
		SigningKeyView retired = this.transactions.execute((status) -> {
			SigningKeyRepository repository = this.repository;
			repository.lock();
			Instant now = this.clock.instant();
			SigningKeyView key = timeline(repository.findAll(), now).find(kid)
				.orElseThrow(() -> new ProblemException(ErrorCode.SIGNING_KEY_NOT_FOUND, "No signing key has this kid"));
			if (key.is(SigningKeyStatus.RETIRED)) {
				return key;
			}
			if (key.is(SigningKeyStatus.ACTIVE)) {
				throw new ProblemException(ErrorCode.SIGNING_KEY_ACTIVE,
						"The active key signs every new token: rotate, and retire it once it is a previous key");
			}
			boolean early = key.is(SigningKeyStatus.PREVIOUS) && now.isBefore(key.retirableAt());
			if (early && !force) {
				throw new ProblemException(ErrorCode.SIGNING_KEY_IN_USE, "Tokens signed with this key may be valid until "
						+ key.retirableAt() + "; retire it then, or now with force=true to reject them");
			}
			repository.retire(kid, now);
			this.audit.record(new AuditEvent(AuditEventType.SIGNING_KEY_RETIRED, null, null, caller.ipAddress(),
					caller.userAgent(), Map.of("kid", kid, "was", key.status(), "forced", early)));
			return timeline(repository.findAll(), now).find(kid).orElseThrow();
		});
		sync.reload();
		return retired;
	}

	/**
	 * Re-encrypts under the current key-encryption key every private key still under an earlier
	 * one this node knows ({@code nexus.token.previous-key-encryption-keys}); the nodes do it on
	 * their own at start-up and reload, this does it now and says what is left.
	 */
	SigningKeySync.ReEncryption reEncrypt(Caller caller) {
		return database().reEncrypt("api", caller.ipAddress(), caller.userAgent());
	}

	private SigningKeySync database() {
		if (this.sync == null) {
			throw new ProblemException(ErrorCode.SIGNING_KEYS_CONFIGURED, "The signing keys come from "
					+ "NEXUS_TOKEN_SIGNING_KEYS: rotate by editing it, or move them to NEXUS_TOKEN_KEY_STORE=database");
		}
		return this.sync;
	}

	private KeyTimeline timeline(List<StoredKey> rows, Instant now) {
		return new KeyTimeline(rows, now, this.tokens.accessTokenLifetime());
	}

	/** The keys and where they come from. */
	record Listing(String store, List<SigningKeyView> keys) {
	}

	/** Who asked, for the audit trail. */
	record Caller(@Nullable String ipAddress, @Nullable String userAgent) {
	}
}
