package nexus.iam.keystore;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.config.NexusProperties;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.SigningKeys;
import nexus.iam.token.TokenProperties;

/**
 * Keeps this node's {@link SigningKeys} in step with {@code signing_keys}. At start-up, before the
 * node serves anything: an empty table gets the configured key set (or, without one, a new key),
 * and then every key is loaded, its private part decrypted; a key that does not decrypt stops the
 * start. Then, every {@code nexus.token.key-reload-interval}, the table is read again and the set
 * replaced when a key was added or retired. Activation needs no reload: it is a matter of time.
 */
final class SigningKeySync implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(SigningKeySync.class);

	private final SigningKeyRepository repository;

	private final KeyEncryption encryption;

	private final SigningKeys keys;

	private final TokenProperties tokens;

	private final NexusProperties nexus;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final Clock clock;

	/** Decrypted private keys by kid, so that a reload decrypts only what is new. */
	private final Map<String, ECKey> decrypted = new HashMap<>();

	private volatile List<StoredKey> loaded = List.of();

	private volatile boolean lastReloadFailed;

	private @Nullable String signingKid;

	SigningKeySync(SigningKeyRepository repository, KeyEncryption encryption, SigningKeys keys, TokenProperties tokens,
			NexusProperties nexus, AuditLog audit, TransactionTemplate transactions, Clock clock) {
		this.repository = repository;
		this.encryption = encryption;
		this.keys = keys;
		this.tokens = tokens;
		this.nexus = nexus;
		this.audit = audit;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		this.transactions.executeWithoutResult((status) -> bootstrapIfEmpty());
		try {
			load();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Cannot load the signing keys from PostgreSQL: " + ex.getMessage(), ex);
		}
		noteSigningKey();
	}

	/** One round; scheduled every {@code nexus.token.key-reload-interval}. */
	synchronized void tick() {
		try {
			load();
			this.lastReloadFailed = false;
		}
		catch (RuntimeException ex) {
			// keep the set this node has; PostgreSQL away, or a key this node cannot use
			if (!this.lastReloadFailed) {
				log.warn("Signing keys: reloading failed, keeping the current set: {}", ex.getMessage());
			}
			this.lastReloadFailed = true;
		}
		noteSigningKey();
	}

	/** Right after this node changed the table, so that its own answers show the change. */
	synchronized void reload() {
		tick();
	}

	/** The rows of the set this node uses now. */
	List<StoredKey> loaded() {
		return this.loaded;
	}

	boolean lastReloadFailed() {
		return this.lastReloadFailed;
	}

	private void load() {
		List<StoredKey> rows = this.repository.findAll();
		if (this.keys.loaded() && sameSet(rows, this.loaded)) {
			return;
		}
		List<SigningKeys.Key> set = new ArrayList<>();
		for (StoredKey row : rows) {
			if (!row.retired()) {
				set.add(new SigningKeys.Key(jwk(row), row.activatesAt()));
			}
		}
		this.keys.replace(set);
		this.loaded = List.copyOf(rows);
		this.decrypted.keySet().retainAll(rows.stream().filter(StoredKey::canSign).map(StoredKey::kid).toList());
		log.info("Signing keys: {} loaded from PostgreSQL, {} published", rows.size(), set.size());
	}

	/** Logs the moment (to a reload interval) this node starts signing with another key. */
	private void noteSigningKey() {
		if (!this.keys.loaded()) {
			return;
		}
		String kid = this.keys.signingKid(this.clock.instant());
		if (!kid.equals(this.signingKid)) {
			log.info("Signing keys: signing new access tokens with {}", kid);
			this.signingKid = kid;
		}
	}

	private static boolean sameSet(List<StoredKey> a, List<StoredKey> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			StoredKey x = a.get(i);
			StoredKey y = b.get(i);
			if (!x.kid().equals(y.kid()) || !x.activatesAt().equals(y.activatesAt())
					|| !Objects.equals(x.retiredAt(), y.retiredAt())) {
				return false;
			}
		}
		return true;
	}

	private ECKey jwk(StoredKey row) {
		ECKey publicKey;
		try {
			publicKey = (ECKey) JWK.parse(row.publicJwk());
		}
		catch (ParseException | ClassCastException ex) {
			throw new IllegalStateException("the public key of " + row.kid() + " is not an EC JWK");
		}
		if (!row.canSign()) {
			return publicKey;
		}
		ECKey known = this.decrypted.get(row.kid());
		if (known != null) {
			return known;
		}
		if (!this.encryption.id().equals(row.kekId())) {
			throw new IllegalStateException("the private key of " + row.kid() + " was encrypted under the key-encryption key "
					+ row.kekId() + ", but " + KeyEncryption.SETTING + " holds " + this.encryption.id()
					+ " (fingerprints, not keys): give this node the key the other nodes have");
		}
		ECKey privateKey;
		try {
			privateKey = ECKey.parse(new String(this.encryption.decrypt(row.kid(), row.privateKey()),
					StandardCharsets.UTF_8));
			if (!privateKey.isPrivate() || !row.kid().equals(privateKey.getKeyID())
					|| !privateKey.computeThumbprint().equals(publicKey.computeThumbprint())) {
				throw new IllegalStateException("the private key of " + row.kid() + " does not match its public key");
			}
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException("the private key of " + row.kid() + " is not a JWK");
		}
		this.decrypted.put(row.kid(), privateKey);
		return privateKey;
	}

	/** Under the table lock, so that of nodes starting together exactly one fills the table. */
	private void bootstrapIfEmpty() {
		this.repository.lock();
		boolean configured = StringUtils.hasText(this.tokens.signingKeys()) || this.tokens.signingKeysFile() != null;
		if (!this.repository.findAll().isEmpty()) {
			if (configured) {
				log.info("Signing keys: the key store is PostgreSQL; NEXUS_TOKEN_SIGNING_KEYS(_FILE) was imported at "
						+ "its first start and is ignored now");
			}
			return;
		}
		Instant now = this.clock.instant();
		// counted active from a little before now, so that a node whose clock lags agrees
		Instant activatesAt = now.minus(AccessTokenService.CLOCK_SKEW);
		Optional<JWKSet> existing = SigningKeys.configured(this.tokens, this.nexus);
		if (existing.isPresent()) {
			importKeys(existing.get(), now, activatesAt);
		}
		else {
			ECKey key = SigningKeys.generate();
			this.repository.insert(encrypted(key, StoredKey.Origin.GENERATED, now, activatesAt));
			this.audit.record(new AuditEvent(AuditEventType.SIGNING_KEY_CREATED, null, null, null, null,
					Map.of("kid", key.getKeyID(), "activates_at", activatesAt.toString(), "reason", "first_start")));
			log.info("Signing keys: generated the first key {} into PostgreSQL", key.getKeyID());
		}
	}

	private void importKeys(JWKSet set, Instant now, Instant activatesAt) {
		List<String> kids = new ArrayList<>();
		for (JWK jwk : set.getKeys()) {
			if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || ec.getKeyID() == null
					|| kids.contains(ec.getKeyID())) {
				throw new IllegalStateException("The configured signing key set cannot be imported: every key must be "
						+ "an EC P-256 key with a kid of its own");
			}
			if (kids.isEmpty()) {
				if (!ec.isPrivate()) {
					throw new IllegalStateException("The configured signing key set cannot be imported: its first key "
							+ "must include its private part");
				}
				this.repository.insert(encrypted(ec, StoredKey.Origin.IMPORTED, now, activatesAt));
			}
			else {
				// it only verifies: its private part, if given, is not needed and not kept
				this.repository.insert(new StoredKey(ec.getKeyID(), ec.toPublicJWK().toJSONString(), null, null,
						StoredKey.Origin.IMPORTED, now, activatesAt, null));
			}
			kids.add(ec.getKeyID());
		}
		this.audit.record(new AuditEvent(AuditEventType.SIGNING_KEYS_IMPORTED, null, null, null, null,
				Map.of("kids", kids, "active", kids.getFirst())));
		log.info("Signing keys: imported the configured key set ({}) into PostgreSQL; {} signs", kids, kids.getFirst());
	}

	StoredKey encrypted(ECKey key, StoredKey.Origin origin, Instant createdAt, Instant activatesAt) {
		byte[] sealed = this.encryption.encrypt(key.getKeyID(), key.toJSONString().getBytes(StandardCharsets.UTF_8));
		return new StoredKey(key.getKeyID(), key.toPublicJWK().toJSONString(), sealed, this.encryption.id(), origin,
				createdAt, activatesAt, null);
	}
}
