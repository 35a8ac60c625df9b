package nexus.iam.token;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** JWTs other than access tokens, signed with and checked against Nexus's keys. */
class SignedJwtsTests {

	private static final JOSEObjectType LOGOUT = new JOSEObjectType("logout+jwt");

	private final ECKey key = SigningKeys.generate();

	private final SignedJwts jwts = new SignedJwts(new SigningKeys(new JWKSet(this.key)),
			Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC));

	private final JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://id.example.com").subject("u").build();

	@Test
	void signWhenClaimsThenES256WithTheKeyIdAndTypeAndAVerifiableSignature() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.jwts.sign(LOGOUT, this.claims));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.key.getKeyID());
		assertThat(jwt.getHeader().getType()).isEqualTo(LOGOUT);
		assertThat(jwt.verify(new ECDSAVerifier(this.key.toECPublicKey()))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://id.example.com");
	}

	@Test
	void verifySignatureWhenSignedByOurKeyThenTheClaims() {
		assertThat(this.jwts.verifySignature(this.jwts.sign(LOGOUT, this.claims)).getSubject()).isEqualTo("u");
	}

	@Test
	void verifySignatureWhenAnotherKeyUnderOurKeyIdThenRejected() throws Exception {
		ECKey stranger = new ECKey.Builder(SigningKeys.generate()).keyID(this.key.getKeyID()).build();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build(),
				this.claims);
		forged.sign(new ECDSASigner(stranger));

		assertThatExceptionOfType(SignedJwts.NotSignedByNexus.class)
			.isThrownBy(() -> this.jwts.verifySignature(forged.serialize()));
	}

	@Test
	void verifySignatureWhenUnsignedOrHmacThenRejected() throws Exception {
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.key.getKeyID()).build(),
				this.claims);
		hmac.sign(new MACSigner(new byte[32]));

		assertThatExceptionOfType(SignedJwts.NotSignedByNexus.class)
			.isThrownBy(() -> this.jwts.verifySignature(new PlainJWT(this.claims).serialize()));
		assertThatExceptionOfType(SignedJwts.NotSignedByNexus.class)
			.isThrownBy(() -> this.jwts.verifySignature(hmac.serialize()));
		assertThatExceptionOfType(SignedJwts.NotSignedByNexus.class).isThrownBy(() -> this.jwts.verifySignature("x.y.z"));
	}
}
