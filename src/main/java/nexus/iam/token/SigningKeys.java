package nexus.iam.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nexus.iam.config.NexusProperties;

/**
 * The ES256 key set. The first key signs new tokens; every key in the set verifies, so a key can
 * be rotated in by putting the new one first and keeping the old one until its tokens expired.
 */
public final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	static final String GENERATED_FILE = "signing-keys.json";

	private final ECKey activeKey;

	private final JWKSet publicKeys;

	private final String publicJson;

	SigningKeys(JWKSet keys) {
		List<JWK> all = keys.getKeys();
		if (all.isEmpty()) {
			throw new IllegalArgumentException("the signing key set is empty");
		}
		for (JWK key : all) {
			if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || key.getKeyID() == null) {
				throw new IllegalArgumentException("every signing key must be an EC P-256 key with a kid");
			}
		}
		ECKey first = (ECKey) all.getFirst();
		if (!first.isPrivate()) {
			throw new IllegalArgumentException("the first key of the signing key set must include its private part");
		}
		this.activeKey = first;
		this.publicKeys = keys.toPublicJWKSet();
		this.publicJson = this.publicKeys.toString(true);
	}

	/** Loads the configured key set, or in development generates one kept in the data folder. */
	static SigningKeys load(TokenProperties properties, NexusProperties nexus) {
		try {
			if (properties.signingKeys() != null && !properties.signingKeys().isBlank()) {
				return new SigningKeys(JWKSet.parse(properties.signingKeys()));
			}
			if (properties.signingKeysFile() != null) {
				return new SigningKeys(JWKSet.load(properties.signingKeysFile().toFile()));
			}
			if (nexus.production()) {
				throw new IllegalStateException("NEXUS_TOKEN_SIGNING_KEYS or NEXUS_TOKEN_SIGNING_KEYS_FILE is missing");
			}
			return loadOrGenerate(nexus.dataDir().resolve(GENERATED_FILE));
		}
		catch (ParseException | IOException ex) {
			throw new IllegalStateException("The signing key set cannot be read: " + ex.getMessage(), ex);
		}
	}

	private static SigningKeys loadOrGenerate(Path file) throws IOException, ParseException {
		if (Files.exists(file)) {
			return new SigningKeys(JWKSet.load(file.toFile()));
		}
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
		return new SigningKeys(generated);
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

	ECKey activeKey() {
		return this.activeKey;
	}

	JWKSet publicKeys() {
		return this.publicKeys;
	}

	/** The public JWK set as served at {@code /.well-known/jwks.json}, rendered once. */
	String publicJson() {
		return this.publicJson;
	}
}
