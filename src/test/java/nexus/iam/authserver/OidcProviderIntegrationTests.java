package nexus.iam.authserver;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.token.SigningKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider over HTTP: discovery, keys, the authorization code flow with a Nexus session, and the tokens. */
class OidcProviderIntegrationTests extends IntegrationTest {

	private final ProviderClient client = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID,
			CONFIDENTIAL_CLIENT_SECRET, CLIENT_REDIRECT_URI);

	@Autowired
	SigningKeys keys;

	@Test
	void discoveryNamesNexusAsIssuerAndItsEndpoints() {
		JsonNode discovery = TokenClient.json(TokenClient.get(url("/.well-known/openid-configuration"), null));
		assertThat(discovery.get("issuer").asString()).isEqualTo(baseUrl());
		assertThat(discovery.get("authorization_endpoint").asString()).isEqualTo(url("/oauth2/authorize"));
		assertThat(discovery.get("token_endpoint").asString()).isEqualTo(url("/oauth2/token"));
		assertThat(discovery.get("userinfo_endpoint").asString()).isEqualTo(url("/userinfo"));
		assertThat(discovery.get("jwks_uri").asString()).isEqualTo(url("/oauth2/jwks"));
		assertThat(discovery.get("end_session_endpoint").asString()).isEqualTo(url("/connect/logout"));
		assertThat(discovery.get("registration_endpoint").asString()).isEqualTo(url("/connect/register"));
		assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
		assertThat(discovery.get("grant_types_supported").toString()).doesNotContain("password", "implicit");
		assertThat(discovery.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
		assertThat(discovery.get("acr_values_supported").toString()).contains("nexus:mfa", "nexus:1fa");
		assertThat(discovery.get("scopes_supported").toString()).contains("groups", "offline_access");
	}

	@Test
	void theProvidersEndpointsHaveNexusEdgeHeadersAndDecodingDoor() {
		var discovery = TokenClient.get(url("/.well-known/openid-configuration"), null);
		assertThat(discovery.headers().firstValue("Permissions-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("camera=()"));
		assertThat(discovery.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
		assertThat(discovery.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(discovery.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(discovery.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
		assertThat(discovery.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).endsWith("form-action 'self'"));
		// a form that is not UTF-8 percent-encoding is refused at the door, before the protocol reads it
		var malformed = new Browser().send(url("/oauth2/token"),
				(r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=%zz")));
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(TokenClient.json(malformed).get("code").asString()).isEqualTo("invalid_request");
	}

	@Test
	void jwksArePublishedFromNexusSigningKeys() throws Exception {
		JWKSet provider = JWKSet.parse(TokenClient.get(url("/oauth2/jwks"), null).body());
		JWKSet nexus = JWKSet.parse(TokenClient.get(url("/.well-known/jwks.json"), null).body());
		assertThat(provider.getKeys()).extracting((key) -> key.getKeyID())
			.containsExactlyElementsOf(nexus.getKeys().stream().map((key) -> key.getKeyID()).toList());
		assertThat(provider.getKeys()).allMatch((key) -> !key.isPrivate());
	}

	@Test
	void codeFlowWithPkceGivesTokensSignedByTheCurrentNexusKey() throws Exception {
		Browser browser = new Browser();
		var tokens = new SignInFlow(browser, baseUrl()).signedIn("op-code-" + UUID.randomUUID(), "op-code@example.com");
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String redirect = this.client.authorize(browser, "openid profile email groups", pkce, Map.of());
		assertThat(ProviderClient.query(redirect)).containsEntry("state", "st-123");

		HttpResponse<String> exchanged = this.client.exchange(ProviderClient.code(redirect), pkce.verifier());
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		JsonNode body = ProviderClient.json(exchanged);
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("refresh_token")).isNotNull();

		SignedJWT access = SignedJWT.parse(body.get("access_token").asString());
		SignedJWT id = SignedJWT.parse(body.get("id_token").asString());
		JWKSet keys = JWKSet.parse(TokenClient.get(url("/oauth2/jwks"), null).body());
		for (SignedJWT jwt : new SignedJWT[] { access, id }) {
			assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
			ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
			assertThat(key).as("kid %s published", jwt.getHeader().getKeyID()).isNotNull();
			assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
			assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(baseUrl());
			assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(tokens.userId());
			assertThat(jwt.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(tokens.sessionId());
		}
		assertThat(access.getHeader().getType().toString()).isEqualTo("at+jwt");
		assertThat(access.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo(CONFIDENTIAL_CLIENT_ID);
		assertThat(access.getJWTClaimsSet().getAudience()).containsExactly(CONFIDENTIAL_CLIENT_ID);
		assertThat(access.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("email groups openid profile");
		assertThat(access.getJWTClaimsSet().getJWTID()).isNotBlank();

		var idClaims = id.getJWTClaimsSet();
		assertThat(idClaims.getAudience()).containsExactly(CONFIDENTIAL_CLIENT_ID);
		assertThat(idClaims.getStringClaim("nonce")).isEqualTo("n-456");
		assertThat(idClaims.getStringClaim("email")).isEqualTo("op-code@example.com");
		assertThat(idClaims.getBooleanClaim("email_verified")).isTrue();
		assertThat(idClaims.getStringListClaim("groups")).isEmpty();
		assertThat(idClaims.getStringListClaim("amr")).contains("google");
		assertThat(idClaims.getStringClaim("acr")).isEqualTo("nexus:1fa");
		assertThat(idClaims.getDateClaim("auth_time")).isNotNull();
	}

	@Test
	void aRotatedSigningKeySignsTheProvidersTokensFromItsActivation() throws Exception {
		ECKey original = (ECKey) JWKSet.load(dataDir().resolve("signing-keys.json").toFile()).getKeys().getFirst();
		ECKey rotated = SigningKeys.generate();
		try {
			this.keys.replace(List.of(new SigningKeys.Key(original, Instant.EPOCH),
					new SigningKeys.Key(rotated, this.clock.instant().minusSeconds(1))));
			Browser browser = new Browser();
			new SignInFlow(browser, baseUrl()).signedIn("op-rotation-" + UUID.randomUUID(), "op-rotation@example.com");
			ProviderClient.Pkce pkce = ProviderClient.pkce();
			JsonNode tokens = ProviderClient.json(this.client.exchange(
					ProviderClient.code(this.client.authorize(browser, "openid", pkce, Map.of())), pkce.verifier()));
			assertThat(SignedJWT.parse(tokens.get("id_token").asString()).getHeader().getKeyID()).isEqualTo(rotated.getKeyID());
			assertThat(SignedJWT.parse(tokens.get("access_token").asString()).getHeader().getKeyID())
				.isEqualTo(rotated.getKeyID());
			assertThat(JWKSet.parse(TokenClient.get(url("/oauth2/jwks"), null).body()).getKeyByKeyId(rotated.getKeyID()))
				.isNotNull();
		}
		finally {
			this.keys.replace(List.of(new SigningKeys.Key(original, Instant.EPOCH)));
		}
	}

	@Test
	void userinfoGivesTheClaimsOfTheGrantedScopes() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signedIn("op-userinfo-" + UUID.randomUUID(), "op-userinfo@example.com");
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String redirect = this.client.authorize(browser, "openid email", pkce, Map.of());
		JsonNode tokens = ProviderClient.json(this.client.exchange(ProviderClient.code(redirect), pkce.verifier()));

		HttpResponse<String> userinfo = this.client.userinfo(tokens.get("access_token").asString());
		assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
		JsonNode claims = ProviderClient.json(userinfo);
		assertThat(claims.get("email").asString()).isEqualTo("op-userinfo@example.com");
		assertThat(claims.has("name")).isFalse();
		assertThat(claims.has("groups")).isFalse();
	}
}
