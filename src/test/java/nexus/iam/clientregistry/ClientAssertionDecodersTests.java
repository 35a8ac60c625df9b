package nexus.iam.clientregistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.clientregistry.ClientOptions.ClientSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code private_key_jwt} with keys given inline at registration, which Spring Authorization Server cannot read itself. */
class ClientAssertionDecodersTests {

	private static final String ISSUER = "https://nexus.test";

	private final ClientAssertionDecoders decoders = new ClientAssertionDecoders(Duration.ofSeconds(1));

	@BeforeEach
	void context() {
		AuthorizationServerContextHolder.setContext(new AuthorizationServerContext() {
			@Override
			public String getIssuer() {
				return ISSUER;
			}

			@Override
			public AuthorizationServerSettings getAuthorizationServerSettings() {
				return AuthorizationServerSettings.builder().build();
			}
		});
	}

	@AfterEach
	void reset() {
		AuthorizationServerContextHolder.resetContext();
	}

	@Test
	void decodeWhenSignedByInlineKeyThenAccepted() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		RegisteredClient client = client(key);
		assertThat(this.decoders.createDecoder(client).decode(assertion(key, "c1", ISSUER + "/oauth2/token")).getSubject())
			.isEqualTo("c1");
	}

	@Test
	void decodeWhenSignedByAnotherKeyThenRefused() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> this.decoders.createDecoder(client(key)).decode(assertion(other, "c1", ISSUER)));
	}

	@Test
	void decodeWhenIssuerOrAudienceWrongThenRefused() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		RegisteredClient client = client(key);
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> this.decoders.createDecoder(client).decode(assertion(key, "someone-else", ISSUER)));
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> this.decoders.createDecoder(client).decode(assertion(key, "c1", "https://elsewhere.test")));
	}

	@Test
	void createDecoderWhenKeysReplacedThenNewKeysOnly() throws Exception {
		ECKey first = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		ECKey second = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
		this.decoders.createDecoder(client(first)).decode(assertion(first, "c1", ISSUER));
		RegisteredClient updated = client(second);
		assertThat(this.decoders.createDecoder(updated).decode(assertion(second, "c1", ISSUER))).isNotNull();
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> this.decoders.createDecoder(updated).decode(assertion(first, "c1", ISSUER)));
	}

	private static RegisteredClient client(ECKey key) {
		JsonMapper json = JsonMapper.builder().build();
		String document = """
				{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
				"token_endpoint_auth_signing_alg":"ES256","jwks":%s}""".formatted(new JWKSet(key.toPublicJWK()).toString());
		ClientMetadataJson.Parsed parsed = ClientMetadataJson.parse(json.readTree(document), "c1");
		return RegisteredClients.of(parsed.metadata().definition(), ClientSource.REGISTERED, null, Instant.now());
	}

	private static String assertion(ECKey key, String issuer, String audience) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject(issuer)
			.audience(audience)
			.jwtID("j1")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}
}
