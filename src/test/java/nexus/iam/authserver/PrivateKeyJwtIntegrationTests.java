package nexus.iam.authserver;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.token.SigningKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code private_key_jwt} at the token endpoint for a client registered with its public keys inline
 * (clientregistry's decoders, wired into the provider's client authentication).
 */
class PrivateKeyJwtIntegrationTests extends IntegrationTest {

	@Test
	void aClientWithInlineKeysAuthenticatesWithASignedAssertion() throws Exception {
		ECKey key = SigningKeys.generate();
		HttpResponse<String> registered = TokenClient.post(url("/connect/register"), ADMIN_TOKEN, """
				{"redirect_uris":["https://pkj.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
				"token_endpoint_auth_signing_alg":"ES256","grant_types":["client_credentials"],"scope":"groups",
				"jwks":%s}""".formatted(new JWKSet(key.toPublicJWK()).toString()));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = TokenClient.json(registered).get("client_id").asString();

		HttpResponse<String> token = token(clientId, assertion(clientId, key));
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(ProviderClient.json(token).get("access_token")).isNotNull();

		// signed with another key: invalid_client
		HttpResponse<String> forged = token(clientId, assertion(clientId, SigningKeys.generate()));
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(ProviderClient.json(forged).get("error").asString()).isEqualTo("invalid_client");
	}

	private static HttpResponse<String> token(String clientId, String assertion) {
		ProviderClient anonymous = new ProviderClient(baseUrl(), clientId, null, "https://pkj.example/cb");
		return anonymous.post("/oauth2/token", Map.of("grant_type", "client_credentials", "client_assertion_type",
				"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion));
	}

	private static String assertion(String clientId, ECKey key) throws Exception {
		long now = System.currentTimeMillis();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(url("/oauth2/token"))
			.jwtID(UUID.randomUUID().toString())
			.issueTime(new Date(now))
			.expirationTime(new Date(now + 60_000))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}
}
