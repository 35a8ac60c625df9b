package nexus.iam.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import nexus.iam.login.LoginProperties.AppleProperties;

/**
 * Sign in with Apple's client secret: not a fixed string but an ES256 JWT the service signs with
 * the key Apple issued ({@code .p8}): {@code iss} the team id, {@code sub} the client id (Services
 * ID), {@code aud} {@code https://appleid.apple.com}, {@code kid} the key id. Made once and reused
 * until half its lifetime has passed, so it is renewed well before Apple would refuse it.
 */
final class AppleClientSecret {

	static final String AUDIENCE = "https://appleid.apple.com";

	private final String teamId;

	private final String keyId;

	private final String clientId;

	private final ECPrivateKey key;

	private final Duration lifetime;

	private final Clock clock;

	private volatile Issued current;

	AppleClientSecret(AppleProperties apple, String clientId, Clock clock) {
		this.teamId = apple.teamId();
		this.keyId = require(apple.keyId(), "key-id");
		this.clientId = clientId;
		this.key = parse(apple);
		this.lifetime = apple.clientSecretLifetime();
		this.clock = clock;
	}

	/** The secret to send now. */
	String value() {
		Instant now = this.clock.instant();
		Issued issued = this.current;
		if (issued == null || !now.isBefore(issued.renewAfter())) {
			issued = issue(now);
			this.current = issued;
		}
		return issued.value();
	}

	private Issued issue(Instant now) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.teamId)
			.subject(this.clientId)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.keyId).build(), claims);
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the Apple client secret", ex);
		}
		return new Issued(jwt.serialize(), now.plus(this.lifetime.dividedBy(2)));
	}

	/** Apple's {@code .p8}: a PKCS #8 EC private key in PEM, readable by the JDK alone. */
	private static ECPrivateKey parse(AppleProperties apple) {
		String pem = apple.privateKey();
		if ((pem == null || pem.isBlank()) && apple.privateKeyFile() != null) {
			try {
				pem = Files.readString(apple.privateKeyFile());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the Apple private key file " + apple.privateKeyFile(), ex);
			}
		}
		if (pem == null || pem.isBlank()) {
			throw new IllegalStateException("Sign in with Apple needs its private key: set the provider's apple.private-key "
					+ "or apple.private-key-file (the .p8 file from Apple)");
		}
		String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
		try {
			return (ECPrivateKey) KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (IllegalArgumentException | GeneralSecurityException | ClassCastException ex) {
			throw new IllegalStateException("The Apple private key is not a PEM-encoded EC private key (the .p8 file)",
					ex);
		}
	}

	private static String require(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("Sign in with Apple needs apple." + name);
		}
		return value;
	}

	private record Issued(String value, Instant renewAfter) {
	}
}
