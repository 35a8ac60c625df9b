package nexus.iam.keystore;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * While the key-encryption key is changed, a private key still encrypted under one of the earlier
 * keys ({@code nexus.token.previous-key-encryption-keys}) is decrypted with it, and re-encrypted
 * under the current key at start-up and at the reload that finds it.
 */
final class SigningKeySync implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(SigningKeySync.class);

	private final SigningKeyRepository repository;

	private final KeyEncryption encryption;

	/** The earlier key-encryption keys by id, the current one left out. */
	private final Map<String, KeyEncryption> previous = new LinkedHashMap<>();

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

	SigningKeySync(SigningKeyRepository repository, KeyEncryption encryption, List<KeyEncryption> previous,
			SigningKeys keys, TokenProperties tokens, NexusProperties nexus, AuditLog audit,
			TransactionTemplate transactions, Clock clock) {
		this.repository = repository;
		this.encryption = encryption;
		for (KeyEncryption key : previous) {
			if (!key.id().equals(encryption.id())) {
				this.previous.putIfAbsent(key.id(), key);
			}
		}
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
			reEncryptIfNeeded("start-up");
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
			reEncryptIfNeeded("reload");
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

	/**
	 * Re-encrypts under the current key-encryption key every private key still encrypted under an
	 * earlier one this node knows. Each row changes only if it is still under the key it was read
	 * under, so nodes doing this at once change each row once, and a key retired meanwhile keeps
	 * its private part erased. Audited when a row changed; never logs key material.
	 */
	ReEncryption reEncrypt(String trigger, @Nullable String ipAddress, @Nullable String userAgent) {
		ReEncryption result = this.transactions.execute((status) -> {
			List<String> kids = new ArrayList<>();
			Set<String> from = new TreeSet<>();
			int remaining = 0;
			for (StoredKey row : this.repository.findAll()) {
				if (!row.canSign() || this.encryption.id().equals(row.kekId())) {
					continue;
				}
				KeyEncryption earlier = this.previous.get(row.kekId());
				if (earlier == null) {
					remaining++;
					continue;
				}
				byte[] plaintext = earlier.decrypt(row.kid(), row.privateKey());
				try {
					privateKey(row, publicKey(row), plaintext);
					byte[] sealed = this.encryption.encrypt(row.kid(), plaintext);
					if (this.repository.reEncrypt(row.kid(), row.kekId(), sealed, this.encryption.id())) {
						kids.add(row.kid());
						from.add(row.kekId());
					}
				}
				finally {
					Arrays.fill(plaintext, (byte) 0);
				}
			}
			if (!kids.isEmpty()) {
				this.audit.record(new AuditEvent(AuditEventType.SIGNING_KEYS_RE_ENCRYPTED, null, null, ipAddress,
						userAgent, Map.of("kids", kids, "from_kek_ids", List.copyOf(from), "kek_id",
								this.encryption.id(), "trigger", trigger)));
			}
			return new ReEncryption(kids.size(), this.encryption.id(), remaining);
		});
		if (result.reEncrypted() > 0) {
			log.info("Signing keys: re-encrypted {} private key(s) under the key-encryption key {} ({}); {} left under "
					+ "a key-encryption key this node does not know", result.reEncrypted(), result.kekId(), trigger,
					result.remaining());
		}
		return result;
	}

	/** Re-encrypts when a loaded row is under an earlier key-encryption key that this node knows. */
	private void reEncryptIfNeeded(String trigger) {
		if (this.loaded.stream().anyMatch((row) -> row.canSign() && this.previous.containsKey(row.kekId()))) {
			reEncrypt(trigger, null, null);
			this.loaded = List.copyOf(this.repository.findAll());
		}
	}

	private void load() {
		List<StoredKey> rows = this.repository.findAll();
		if (this.keys.loaded() && sameSet(rows, this.loaded)) {
			// the same keys; which key-encryption key holds each may have changed
			this.loaded = List.copyOf(rows);
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
		ECKey publicKey = publicKey(row);
		if (!row.canSign()) {
			return publicKey;
		}
		ECKey known = this.decrypted.get(row.kid());
		if (known != null) {
			return known;
		}
		KeyEncryption encryption = this.encryption.id().equals(row.kekId()) ? this.encryption
				: this.previous.get(row.kekId());
		if (encryption == null) {
			throw new IllegalStateException("the private key of " + row.kid() + " was encrypted under the key-encryption key "
					+ row.kekId() + ", but " + KeyEncryption.SETTING + " holds " + this.encryption.id() + " and "
					+ KeyEncryption.PREVIOUS_SETTING + " " + (this.previous.isEmpty() ? "holds none"
							: "holds " + String.join(", ", this.previous.keySet()))
					+ " (fingerprints, not keys): give this node the key the other nodes have, or, while changing the "
					+ "key-encryption key, list the earlier key in " + KeyEncryption.PREVIOUS_SETTING);
		}
		byte[] plaintext = encryption.decrypt(row.kid(), row.privateKey());
		ECKey privateKey;
		try {
			privateKey = privateKey(row, publicKey, plaintext);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
		this.decrypted.put(row.kid(), privateKey);
		return privateKey;
	}

	private static ECKey publicKey(StoredKey row) {
		try {
			return (ECKey) JWK.parse(row.publicJwk());
		}
		catch (ParseException | ClassCastException ex) {
			throw new IllegalStateException("the public key of " + row.kid() + " is not an EC JWK");
		}
	}

	/** The decrypted private JWK, checked against the row's kid and public key. */
	private static ECKey privateKey(StoredKey row, ECKey publicKey, byte[] plaintext) {
		try {
			ECKey privateKey = ECKey.parse(new String(plaintext, StandardCharsets.UTF_8));
			if (!privateKey.isPrivate() || !row.kid().equals(privateKey.getKeyID())
					|| !privateKey.computeThumbprint().equals(publicKey.computeThumbprint())) {
				throw new IllegalStateException("the private key of " + row.kid() + " does not match its public key");
			}
			return privateKey;
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException("the private key of " + row.kid() + " is not a JWK");
		}
	}

	/**
	 * What a re-encryption did.
	 *
	 * @param reEncrypted how many private keys it moved to the current key-encryption key
	 * @param kekId the current key-encryption key's id (a fingerprint, not the key)
	 * @param remaining how many are still under a key-encryption key this node does not know
	 */
	record ReEncryption(@JsonProperty("re_encrypted") int reEncrypted, @JsonProperty("kek_id") String kekId,
			int remaining) {
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
		// counted active (and so created) from a little before now, so that a node whose clock lags
		// agrees: a key is never recorded as active before it existed
		Instant activatesAt = this.clock.instant().minus(AccessTokenService.CLOCK_SKEW);
		Instant now = activatesAt;
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
