package nexus.iam.authserver;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionEndReason;
import nexus.iam.session.SessionService;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's tokens after the code exchange: refresh rotation and reuse detection, client
 * credentials, introspection, revocation one token at a time, and the end of the Nexus session
 * ending them all.
 */
class OidcTokenLifecycleIntegrationTests extends IntegrationTest {

	private final ProviderClient client = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID,
			CONFIDENTIAL_CLIENT_SECRET, CLIENT_REDIRECT_URI);

	@Autowired
	SessionService sessions;

	@Test
	void refreshRotatesAndTheOldTokenNoLongerWorks() {
		JsonNode first = signedInTokens("openid email").tokens();
		HttpResponse<String> refreshed = this.client.refresh(first.get("refresh_token").asString());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode second = ProviderClient.json(refreshed);
		assertThat(second.get("refresh_token").asString()).isNotEqualTo(first.get("refresh_token").asString());
		assertThat(second.get("id_token")).isNotNull();
		assertThat(this.client.userinfo(second.get("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshTokenReusedRevokesTheWholeFamily() {
		JsonNode first = signedInTokens("openid email").tokens();
		String spent = first.get("refresh_token").asString();
		JsonNode second = ProviderClient.json(this.client.refresh(spent));
		String access = second.get("access_token").asString();
		assertThat(active(access)).isTrue();

		HttpResponse<String> reused = this.client.refresh(spent);
		assertThat(reused.statusCode()).isEqualTo(400);
		assertThat(ProviderClient.json(reused).get("error").asString()).isEqualTo("invalid_grant");
		// the family: the successor refresh token and the access token issued with it
		HttpResponse<String> successor = this.client.refresh(second.get("refresh_token").asString());
		assertThat(ProviderClient.json(successor).get("error").asString()).isEqualTo("invalid_grant");
		assertThat(active(access)).isFalse();
		assertThat(this.client.userinfo(access).statusCode()).isEqualTo(401);
	}

	@Test
	void refreshTokenIssuedWithoutOfflineAccess() {
		assertThat(signedInTokens("openid").tokens().get("refresh_token")).isNotNull();
	}

	@Test
	void revokingOneAccessTokenLeavesTheSessionsOtherTokensWorking() {
		SignedIn signedIn = signedInTokens("openid email");
		String firstAccess = signedIn.tokens().get("access_token").asString();
		JsonNode other = ProviderClient.json(this.client.exchange(
				ProviderClient.code(this.client.authorize(signedIn.browser(), "openid email", signedIn.pkce(), Map.of())),
				signedIn.pkce().verifier()));
		assertThat(this.client.revoke(firstAccess).statusCode()).isEqualTo(200);

		assertThat(active(firstAccess)).isFalse();
		assertThat(this.client.userinfo(firstAccess).statusCode()).isEqualTo(401);
		assertThat(active(other.get("access_token").asString())).isTrue();
		// the refresh token of the same authorization still works: only that one access token ended
		assertThat(this.client.refresh(signedIn.tokens().get("refresh_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	void revokingARefreshTokenEndsItsFamily() {
		JsonNode tokens = signedInTokens("openid").tokens();
		assertThat(this.client.revoke(tokens.get("refresh_token").asString()).statusCode()).isEqualTo(200);
		assertThat(ProviderClient.json(this.client.refresh(tokens.get("refresh_token").asString())).get("error").asString())
			.isEqualTo("invalid_grant");
		assertThat(active(tokens.get("access_token").asString())).isFalse();
	}

	@Test
	void endingTheNexusSessionEndsItsClientsTokens() {
		SignedIn signedIn = signedInTokens("openid email");
		String access = signedIn.tokens().get("access_token").asString();
		assertThat(active(access)).isTrue();
		this.sessions.revoke(UUID.fromString(signedIn.sessionId()), SessionEndReason.SIGN_OUT,
				new ClientContext(null, null));

		assertThat(active(access)).isFalse();
		assertThat(this.client.userinfo(access).statusCode()).isEqualTo(401);
		HttpResponse<String> refresh = this.client.refresh(signedIn.tokens().get("refresh_token").asString());
		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(ProviderClient.json(refresh).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void clientCredentialsGiveAServiceTokenWithoutASession() throws Exception {
		HttpResponse<String> response = this.client.token(Map.of("grant_type", "client_credentials", "scope", "groups"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = ProviderClient.json(response);
		assertThat(body.get("refresh_token")).isNull();
		assertThat(body.get("id_token")).isNull();
		var claims = SignedJWT.parse(body.get("access_token").asString()).getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(CONFIDENTIAL_CLIENT_ID);
		assertThat(claims.getClaim("sid")).isNull();
		assertThat(active(body.get("access_token").asString())).isTrue();
	}

	@Test
	void introspectionDescribesAnActiveAccessToken() {
		SignedIn signedIn = signedInTokens("openid email");
		JsonNode answer = ProviderClient.json(this.client.introspect(signedIn.tokens().get("access_token").asString()));
		assertThat(answer.get("active").asBoolean()).isTrue();
		assertThat(answer.get("client_id").asString()).isEqualTo(CONFIDENTIAL_CLIENT_ID);
		assertThat(answer.get("sub").asString()).isEqualTo(signedIn.userId());
		assertThat(answer.get("sid").asString()).isEqualTo(signedIn.sessionId());
		assertThat(answer.get("scope").asString()).contains("email");
		assertThat(answer.get("token_type").asString()).isEqualTo("Bearer");
	}

	@Test
	void introspectionOfAnUnknownTokenIsInactive() {
		JsonNode answer = ProviderClient.json(this.client.introspect("no-such-token"));
		assertThat(answer.get("active").asBoolean()).isFalse();
		assertThat(answer.size()).isEqualTo(1);
	}

	@Test
	void tokensAreStoredHashedNeverAsTheirValue() throws Exception {
		JsonNode tokens = signedInTokens("openid").tokens();
		String refresh = tokens.get("refresh_token").asString();
		try (java.sql.Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM oidc_authorizations WHERE refresh_hash = sha256(convert_to(?, 'UTF8'))",
					refresh)).isEqualTo(1);
			for (String value : new String[] { refresh, tokens.get("access_token").asString(), tokens.get("id_token").asString() }) {
				assertThat(Sql.count(db, "SELECT count(*) FROM oidc_authorizations a WHERE strpos(a::text, ?) > 0", value))
					.isZero();
			}
		}
	}

	private boolean active(String token) {
		HttpResponse<String> response = this.client.introspect(token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ProviderClient.json(response).get("active").asBoolean();
	}

	private SignedIn signedInTokens(String scope) {
		Browser browser = new Browser();
		var nexus = new SignInFlow(browser, baseUrl()).signedIn("op-life-" + UUID.randomUUID(), "op-life@example.com");
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String redirect = this.client.authorize(browser, scope, pkce, Map.of());
		HttpResponse<String> exchanged = this.client.exchange(ProviderClient.code(redirect), pkce.verifier());
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		return new SignedIn(browser, pkce, nexus.userId(), nexus.sessionId(), ProviderClient.json(exchanged));
	}

	private record SignedIn(Browser browser, ProviderClient.Pkce pkce, String userId, String sessionId, JsonNode tokens) {
	}
}
