package nexus.iam.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nexus.iam.config.NexusProperties;

/**
 * This node's ES256 key set: which key signs new tokens and which keys verify them.
 *
 * <p>Each key signs from its activation instant on: at any moment the newest key whose activation
 * has come signs, so every node switches to a new key at the same moment without talking to the
 * others. Every key in the set verifies, the ones not active yet included (a node whose clock is
 * a little ahead may already sign with one).
 *
 * <p>Filled from one of two places ({@code nexus.token.key-store}): the configured JWK set, whose
 * first key signs (the static set of {@link #SigningKeys(JWKSet)}); or the keys held in
 * PostgreSQL, which the {@code keystore} package loads and {@linkplain #replace replaces} whenever
 * they change.
 */
public final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	/** How long verifiers may cache {@code /.well-known/jwks.json} ({@code Cache-Control: max-age}). */
	public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

	static final String GENERATED_FILE = "signing-keys.json";

	private volatile @Nullable KeySet current;

	/** A static set: the first key signs (it must include its private part), all verify. */
	SigningKeys(JWKSet keys) {
		this.current = new KeySet(fromJwkSet(keys));
	}

	private SigningKeys() {
		this.current = null;
	}

	/** An empty set that the database key store fills before the node serves anything. */
	static SigningKeys awaitingStore() {
		return new SigningKeys();
	}

	/**
	 * Replaces the whole set. Verifications made under the previous set are not trusted any more
	 * (see {@link AccessTokenService#verify}), so a key removed here stops verifying at once.
	 * @throws IllegalArgumentException when the keys are unusable (none can sign, a kid twice, not P-256)
	 */
	public void replace(List<Key> keys) {
		this.current = new KeySet(keys);
	}

	/** Whether a set has been loaded. */
	public boolean loaded() {
		return this.current != null;
	}

	/** The kid that signs at {@code now}. */
	public String signingKid(Instant now) {
		return current().signerAt(now).kid();
	}

	/** The kids of every key that verifies, in the order of the published set. */
	public List<String> kids() {
		return current().publicKeys().getKeys().stream().map(JWK::getKeyID).toList();
	}

	/** The public keys of the current set: what {@code /.well-known/jwks.json} publishes. */
	public JWKSet publicKeys() {
		return current().publicKeys();
	}

	/**
	 * Signs other tokens than Nexus's own access tokens (the OpenID Provider's) with the key that
	 * signs at {@code now}, its kid in the header, so that key rotation covers them too.
	 * @param type the {@code typ} header, or null for none
	 */
	public SignedJWT sign(JWTClaimsSet claims, @Nullable JOSEObjectType type, Instant now) {
		KeySet.Signer signer = current().signerAt(now);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.kid()).type(type).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing a token failed", ex);
		}
		return jwt;
	}

	KeySet current() {
		KeySet keys = this.current;
		if (keys == null) {
			throw new IllegalStateException("The signing keys have not been loaded yet");
		}
		return keys;
	}

	/** The public JWK set as served at {@code /.well-known/jwks.json}, rendered once per set. */
	String publicJson() {
		return current().publicJson();
	}

	/** Loads the configured key set, or in development generates one kept in the data folder. */
	static SigningKeys load(TokenProperties properties, NexusProperties nexus) {
		Optional<JWKSet> configured = configured(properties, nexus);
		if (configured.isPresent()) {
			return new SigningKeys(configured.get());
		}
		if (nexus.production()) {
			throw new IllegalStateException("NEXUS_TOKEN_SIGNING_KEYS or NEXUS_TOKEN_SIGNING_KEYS_FILE is missing");
		}
		try {
			return new SigningKeys(generateInto(nexus.dataDir().resolve(GENERATED_FILE)));
		}
		catch (IOException ex) {
			throw new IllegalStateException("The signing key set cannot be written: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The key set given in the configuration ({@code NEXUS_TOKEN_SIGNING_KEYS}, else
	 * {@code NEXUS_TOKEN_SIGNING_KEYS_FILE}), else in development the one generated earlier into the
	 * data folder; empty when there is none. The database key store imports it at its first start.
	 */
	public static Optional<JWKSet> configured(TokenProperties properties, NexusProperties nexus) {
		try {
			if (properties.signingKeys() != null && !properties.signingKeys().isBlank()) {
				return Optional.of(JWKSet.parse(properties.signingKeys()));
			}
			if (properties.signingKeysFile() != null) {
				return Optional.of(JWKSet.load(properties.signingKeysFile().toFile()));
			}
			Path generated = nexus.dataDir().resolve(GENERATED_FILE);
			if (!nexus.production() && Files.exists(generated)) {
				return Optional.of(JWKSet.load(generated.toFile()));
			}
			return Optional.empty();
		}
		catch (ParseException | IOException ex) {
			throw new IllegalStateException("The signing key set cannot be read: " + ex.getMessage(), ex);
		}
	}

	private static JWKSet generateInto(Path file) throws IOException {
		JWKSet generated = new JWKSet(generate());
		Files.createDirectories(file.getParent());
		Path tmp = Files.createTempFile(file.getParent(), "keys", ".tmp");
		try {
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the data folder's own permissions protect the key
		}
		Files.writeString(tmp, generated.toString(false), StandardCharsets.UTF_8);
		Files.move(tmp, file);
		log.info("Generated a development signing key in {}", file);
		return generated;
	}

	/** A new P-256 signing key whose kid is its RFC 7638 thumbprint. */
	public static ECKey generate() {
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
			return new ECKey.Builder(key).keyIDFromThumbprint().build();
		}
		catch (JOSEException ex) {
			throw new UncheckedIOException(new IOException("EC key generation failed", ex));
		}
	}

	/** A static set as keys: the first one signs, the others only verify. */
	private static List<Key> fromJwkSet(JWKSet set) {
		List<JWK> all = set.getKeys();
		if (all.isEmpty()) {
			throw new IllegalArgumentException("the signing key set is empty");
		}
		List<Key> keys = new ArrayList<>();
		for (JWK jwk : all) {
			if (!(jwk instanceof ECKey ec)) {
				throw new IllegalArgumentException("every signing key must be an EC P-256 key with a kid");
			}
			boolean first = keys.isEmpty();
			if (first && !ec.isPrivate()) {
				throw new IllegalArgumentException("the first key of the signing key set must include its private part");
			}
			keys.add(new Key(first ? ec : ec.toPublicJWK(), Instant.EPOCH));
		}
		return keys;
	}

	/**
	 * One key of a set.
	 *
	 * @param jwk the key: with its private part when it may sign, else public only
	 * @param activatesAt from when it signs (ignored for a public-only key)
	 */
	public record Key(ECKey jwk, Instant activatesAt) {
	}
}
