package nexus.iam.relyingparties;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.AuthlibRelyingParty;
import nexus.iam.testsupport.TestOidcProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Authlib relying party, proven against a provider that is not Nexus (mock-oauth2-server)
 * for what that provider supports: discovery, code with PKCE and a validated ID token, userinfo,
 * refresh, introspection, revocation and client credentials (it has no registration endpoint).
 * The same relying party then runs against Nexus in {@code AuthlibRelyingPartyIntegrationTests}.
 */
class AuthlibRelyingPartyHarnessTests {

	private static final TestOidcProvider PROVIDER = TestOidcProvider.get();

	private static final String REDIRECT_URI = "http://localhost:1/authlib/callback";

	private final AuthlibRelyingParty authlib = new AuthlibRelyingParty(PROVIDER.issuer());

	private final Map<String, String> client = Map.of("client_id", TestOidcProvider.CLIENT_ID, "client_secret",
			TestOidcProvider.CLIENT_SECRET);

	@Test
	void codeWithPkceYieldsAnIdTokenAuthlibValidates() {
		String subject = "authlib-" + UUID.randomUUID();
		PROVIDER.nextSignIn(subject, subject + "@example.com");

		JsonNode result = signIn();

		assertThat(result.path("id_token_claims").path("sub").asString()).isEqualTo(subject);
		assertThat(result.path("id_token_claims").path("email").asString()).isEqualTo(subject + "@example.com");
		assertThat(result.path("id_token_claims").path("iss").asString()).isEqualTo(PROVIDER.issuer());
		assertThat(result.path("token").path("access_token").asString()).isNotEmpty();
	}

	@Test
	void userinfoAnswersForTheAccessToken() {
		String subject = "authlib-" + UUID.randomUUID();
		PROVIDER.nextSignIn(subject, subject + "@example.com");
		String accessToken = signIn().path("token").path("access_token").asString();

		JsonNode userinfo = this.authlib.run("userinfo", Map.of("access_token", accessToken));

		assertThat(userinfo.path("status").asInt()).isEqualTo(200);
		assertThat(userinfo.path("body").path("sub").asString()).isEqualTo(subject);
	}

	@Test
	void refreshGivesNewTokens() {
		PROVIDER.nextSignIn("authlib-" + UUID.randomUUID(), "authlib@example.com");
		JsonNode token = signIn().path("token");

		JsonNode refreshed = this.authlib.run("refresh",
				with(Map.of("refresh_token", token.path("refresh_token").asString())));

		assertThat(refreshed.path("token").path("access_token").asString()).isNotEmpty()
			.isNotEqualTo(token.path("access_token").asString());
	}

	@Test
	void introspectionAndRevocationAnswer() {
		PROVIDER.nextSignIn("authlib-" + UUID.randomUUID(), "authlib@example.com");
		JsonNode token = signIn().path("token");

		JsonNode introspection = this.authlib.run("introspect",
				with(Map.of("token", token.path("access_token").asString())));
		// mock-oauth2-server revokes refresh tokens only
		JsonNode revocation = this.authlib.run("revoke",
				with(Map.of("token", token.path("refresh_token").asString(), "token_type_hint", "refresh_token")));

		assertThat(introspection.path("status").asInt()).as(introspection.toString()).isEqualTo(200);
		assertThat(introspection.path("body").path("active").asBoolean()).isTrue();
		assertThat(revocation.path("status").asInt()).as(revocation.toString()).isEqualTo(200);
	}

	@Test
	void clientCredentialsGivesAnAccessToken() {
		JsonNode result = this.authlib.run("client-credentials", with(Map.of("scope", "reports")));

		assertThat(result.path("token").path("access_token").asString()).isNotEmpty();
		assertThat(result.path("token").path("token_type").asString()).isEqualToIgnoringCase("Bearer");
	}

	private JsonNode signIn() {
		JsonNode result = this.authlib.run("authorization-code",
				with(Map.of("redirect_uri", REDIRECT_URI, "scope", "openid email profile")));
		assertThat(result.has("token")).as(result.toString()).isTrue();
		return result;
	}

	private Map<String, Object> with(Map<String, ?> parameters) {
		Map<String, Object> all = new java.util.LinkedHashMap<>(this.client);
		all.putAll(parameters);
		return all;
	}
}
