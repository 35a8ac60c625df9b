package nexus.iam.oidc;

import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ID-token checks as configured for every provider. The sign-in integration tests cover the
 * same checks end to end; expiry is tested here because a provider that issues an expired token
 * also sends a negative {@code expires_in}, which fails earlier, at the token response.
 */
class IdTokenValidationTests {

	private static final String ISSUER = "https://accounts.google.com";

	private static final String CLIENT = "client-1";

	private static final Nonce NONCE = new Nonce("n-0S6_WzA2Mj");

	private final RSAKey providerKey = generate("provider-key");

	private final IDTokenValidator validator = OidcProvider.idTokenValidator(new Issuer(ISSUER), new ClientID(CLIENT),
			JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(this.providerKey.toPublicJWK())));

	@Test
	void validateWhenGenuineThenClaims() throws Exception {
		assertThat(this.validator.validate(sign(this.providerKey, claims().build()), NONCE).getSubject().getValue())
			.isEqualTo("1234567890");
	}

	@Test
	void validateWhenExpiredBeyondSkewThenRejected() throws Exception {
		Instant past = Instant.now().minusSeconds(600);
		assertRejected(sign(this.providerKey,
				claims().issueTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past)).build()));
	}

	@Test
	void validateWhenNonceDiffersThenRejected() throws Exception {
		assertRejected(sign(this.providerKey, claims().claim("nonce", "other").build()));
	}

	@Test
	void validateWhenIssuerOrAudienceDiffersThenRejected() throws Exception {
		assertRejected(sign(this.providerKey, claims().issuer("https://evil.example").build()));
		assertRejected(sign(this.providerKey, claims().audience("client-2").build()));
	}

	@Test
	void validateWhenSignedByAnotherKeyUnderTheProvidersKidThenRejected() throws Exception {
		assertRejected(sign(generate("provider-key"), claims().build()));
	}

	@Test
	void validateWhenUnsignedOrHmacThenRejected() throws Exception {
		assertRejected(new PlainJWT(claims().build()));
		SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
		hmac.sign(new MACSigner(new byte[32]));
		assertRejected(hmac);
	}

	@Test
	void emailVerifiedAcceptsBooleansAndAppleStyleStrings() {
		assertThat(OidcProvider.booleanClaim(true)).isTrue();
		assertThat(OidcProvider.booleanClaim("true")).isTrue();
		assertThat(OidcProvider.booleanClaim("false")).isFalse();
		assertThat(OidcProvider.booleanClaim(null)).isFalse();
		assertThat(OidcProvider.booleanClaim(1)).isFalse();
	}

	private void assertRejected(com.nimbusds.jwt.JWT token) {
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> this.validator.validate(token, NONCE));
	}

	private static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(CLIENT)
			.subject("1234567890")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.claim("nonce", NONCE.getValue());
	}

	private static SignedJWT sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt;
	}

	private static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
