package nexus.iam.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests authenticated by access token, over real HTTP, and the 401 answers when they are not. */
class AccessTokenAuthenticationIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void meWhenNoTokenThenUnauthenticatedProblem() {
		HttpResponse<String> response = new Browser().get(url("/api/me"));
		assertProblem(response, 401, "unauthenticated");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void meWhenTokenExpiredThenTokenExpiredProblem() throws Exception {
		Instant past = Instant.now().minusSeconds(3600);
		String token = signWithServiceKey(claims(past, past.plusSeconds(900)).build());

		HttpResponse<String> response = bearer(token);

		assertProblem(response, 401, "token_expired");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
	}

	@Test
	void meWhenTokenHasWrongIssuerOrAudienceThenInvalidToken() throws Exception {
		Instant now = Instant.now();
		assertProblem(bearer(signWithServiceKey(claims(now, now.plusSeconds(900)).issuer("https://evil.example").build())),
				401, "invalid_token");
		assertProblem(bearer(signWithServiceKey(claims(now, now.plusSeconds(900)).audience("other").build())), 401,
				"invalid_token");
	}

	@Test
	void meWhenTokenSignedByAnotherKeyThenInvalidToken() throws Exception {
		ECKey stranger = new ECKey.Builder(nexus.iam.token.SigningKeys.generate()).keyID(serviceKey().getKeyID()).build();
		Instant now = Instant.now();
		assertProblem(bearer(sign(stranger, claims(now, now.plusSeconds(900)).build())), 401, "invalid_token");
	}

	@Test
	void meWhenAuthorizationHeaderIsNotBearerThenInvalidToken() {
		HttpResponse<String> response = new Browser().send(url("/api/me"),
				(request) -> request.header("Authorization", "Basic YWxpY2U6c2VjcmV0"));
		assertProblem(response, 401, "invalid_token");
	}

	@Test
	void meWhenInvalidBearerButValidCookieThenBearerWins() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "both@example.com");
		HttpResponse<String> response = browser.send(url("/api/me"),
				(request) -> request.header("Authorization", "Bearer not.a.token"));
		assertProblem(response, 401, "invalid_token");
	}

	@Test
	void jwksPublishesPublicKeysThatVerifyIssuedTokens() throws Exception {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "jwks@example.com");
		String accessToken = browser.cookies().get("nexus_access");

		HttpResponse<String> jwks = new Browser().get(url("/.well-known/jwks.json"));

		assertThat(jwks.statusCode()).isEqualTo(200);
		assertThat(jwks.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/jwk-set+json");
		assertThat(jwks.body()).doesNotContain("\"d\"");
		JWKSet set = JWKSet.parse(jwks.body());
		SignedJWT jwt = SignedJWT.parse(accessToken);
		ECKey key = (ECKey) set.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(baseUrl());
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("nexus");
	}

	@Test
	void healthIsOnTheManagementPort() {
		HttpResponse<String> readiness = new Browser().get(managementUrl("/health/readiness"));
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("UP");
	}

	private static HttpResponse<String> bearer(String token) {
		return new Browser().send(url("/api/me"), (request) -> request.header("Authorization", "Bearer " + token));
	}

	private static JWTClaimsSet.Builder claims(Instant issuedAt, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(baseUrl())
			.audience("nexus")
			.subject(UUID.randomUUID().toString())
			.claim("sid", UUID.randomUUID().toString())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.claim("amr", List.of("google"));
	}

	private static ECKey serviceKey() throws Exception {
		return (ECKey) JWKSet.load(dataDir().resolve("signing-keys.json").toFile()).getKeys().getFirst();
	}

	private static String signWithServiceKey(JWTClaimsSet claims) throws Exception {
		return sign(serviceKey(), claims);
	}

	private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt")).build(),
				claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(code);
		assertThat(JSON.readTree(response.body()).get("type").asString()).isEqualTo("urn:nexus:problem:" + code);
	}
}
