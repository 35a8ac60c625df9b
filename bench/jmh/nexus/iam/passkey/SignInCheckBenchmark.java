package nexus.iam.passkey;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import nexus.iam.passkey.PasskeyRepository.PasskeyRow;

/**
 * The CPU a sign-in spends on what differs between a passkey and an OIDC provider: a passkey's
 * assertion parsed and checked by webauthn4j (client data, authenticator data, ES256 signature,
 * counter) as {@link Ceremonies} does, beside an ID token checked by Nimbus's
 * {@code IDTokenValidator} (RS256, as Google signs; issuer, audience, expiry, nonce) as the login
 * package configures it. Both then start the same session: that part is not here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignInCheckBenchmark {

	private static final String ORIGIN = "https://id.nexus.example";

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private Ceremonies ceremonies;

	private PasskeyRow passkey;

	private byte[] challenge;

	private String assertion;

	private IDTokenValidator validator;

	private String idToken;

	private Nonce nonce;

	@Setup
	public void setUp() throws Exception {
		this.ceremonies = new Ceremonies(RelyingParty.of(URI.create(ORIGIN),
				new PasskeyProperties(null, "Nexus", List.of(), Duration.ofMinutes(5), Duration.ofMinutes(10))));
		TestAuthenticator authenticator = new TestAuthenticator();
		byte[] registrationChallenge = new byte[32];
		String creation = "{\"rp\": {\"id\": \"id.nexus.example\", \"name\": \"Nexus\"}, \"user\": {\"id\": \""
				+ B64.encodeToString(PasskeyService.userHandle(UUID.randomUUID())) + "\"}, \"challenge\": \""
				+ B64.encodeToString(registrationChallenge) + "\"}";
		RegistrationData registration = this.ceremonies
			.parseRegistration(authenticator.create(creation).origin(ORIGIN).signCount(0).json());
		this.ceremonies.verifyRegistration(registration, registrationChallenge);
		AuthenticatorData<?> data = registration.getAttestationObject().getAuthenticatorData();
		this.passkey = new PasskeyRow(UUID.randomUUID(), UUID.randomUUID(), data.getAttestedCredentialData().getCredentialId(),
				new byte[16], this.ceremonies.serialize(data.getAttestedCredentialData()), 0, true, false, false, null,
				"internal", "Bench", Instant.now(), null, null);
		this.challenge = new byte[32];
		this.challenge[0] = 1;
		String request = "{\"rpId\": \"id.nexus.example\", \"challenge\": \"" + B64.encodeToString(this.challenge) + "\"}";
		this.assertion = authenticator.get(request).origin(ORIGIN).signCount(1).json();

		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		java.security.KeyPair rsa = generator.generateKeyPair();
		RSAKey key = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("google-1").build();
		Issuer issuer = new Issuer("https://accounts.google.com");
		ClientID client = new ClientID("nexus");
		this.validator = new IDTokenValidator(issuer, client,
				new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(key))),
				null);
		this.nonce = new Nonce();
		Instant now = Instant.now();
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("google-1").build(),
				new JWTClaimsSet.Builder().issuer(issuer.getValue())
					.subject("1234567890")
					.audience(client.getValue())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
					.claim("nonce", this.nonce.getValue())
					.claim("email", "anna@example.com")
					.claim("email_verified", true)
					.build());
		token.sign(new RSASSASigner((RSAPrivateKey) rsa.getPrivate()));
		this.idToken = token.serialize();
	}

	@Benchmark
	public AuthenticationData passkeyAssertion() {
		AuthenticationData data = this.ceremonies.parseAuthentication(this.assertion);
		this.ceremonies.verifyAuthentication(data, this.challenge, this.passkey);
		return data;
	}

	@Benchmark
	public Object oidcIdToken() throws Exception {
		return this.validator.validate(JWTParser.parse(this.idToken), this.nonce);
	}
}
