package nexus.iam.relyingparties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.AuthlibRelyingParty;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nexus as the OpenID Provider of a second, independent client library: Authlib (Debian's
 * {@code python3-authlib}) runs the authorization code flow with PKCE (confidential and public
 * clients; it validates the ID token itself against Nexus's JWKS), refresh rotation with reuse
 * detection, userinfo, introspection, revocation, client credentials, dynamic client registration
 * and {@code prompt=none} after the Nexus session ended, against the running service. The
 * browser's part of the authorization request is a Nexus session signed in with the development
 * sign-in, whose cookies the script carries.
 */
class AuthlibRelyingPartyIntegrationTests extends IntegrationTest {

	private static final String SCOPE = "openid profile email groups";

	private final AuthlibRelyingParty authlib = new AuthlibRelyingParty(url(""));

	private Browser browser;

	private String email;

	private TokenClient.Tokens nexus;

	@BeforeEach
	void signedInToNexusWithGroups() {
		this.email = "authlib-" + UUID.randomUUID() + "@example.com";
		this.browser = new Browser();
		assertThat(this.browser.follow(url("/api/auth/dev/login?login_hint=" + this.email)).statusCode()).isEqualTo(200);
		this.nexus = TokenClient.Tokens.of(this.browser);
		assertThat(TokenClient.put(url("/api/admin/users/" + this.nexus.userId() + "/groups"), ADMIN_TOKEN,
				"{\"groups\": [\"ops\", \"admins\"]}").statusCode()).isEqualTo(200);
	}

	@Test
	void codeWithPkceGivesAnIdTokenWithNexussClaimsThatAuthlibValidates() {
		JsonNode result = signIn(confidential(), SCOPE);

		JsonNode claims = result.path("id_token_claims");
		assertThat(claims.path("iss").asString()).isEqualTo(url(""));
		assertThat(claims.path("aud").toString()).contains(AUTHLIB_CLIENT_ID);
		assertThat(claims.path("sub").asString()).isEqualTo(this.nexus.userId());
		assertThat(claims.path("sid").asString()).isEqualTo(this.nexus.sessionId());
		assertThat(claims.path("email").asString()).isEqualTo(this.email);
		assertThat(claims.path("email_verified").asBoolean()).isTrue();
		assertThat(claims.path("groups").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("admins",
				"ops");
		assertThat(claims.path("acr").asString()).isEqualTo("nexus:1fa");
		assertThat(claims.path("auth_time").isNumber()).isTrue();
		assertThat(claims.path("amr").isArray()).isTrue();
		assertThat(result.path("token").path("token_type").asString()).isEqualToIgnoringCase("Bearer");
		assertThat(result.path("token").path("refresh_token").asString()).isNotEmpty();
	}

	@Test
	void aPublicClientSignsInWithPkceAndNoSecret() {
		Map<String, Object> client = new LinkedHashMap<>(Map.of("client_id", AUTHLIB_PUBLIC_CLIENT_ID, "auth_method",
				"none", "redirect_uri", AUTHLIB_REDIRECT_URI));

		JsonNode result = signIn(client, SCOPE);

		assertThat(result.path("id_token_claims").path("sub").asString()).isEqualTo(this.nexus.userId());
	}

	@Test
	void refreshRotatesAndAReusedRefreshTokenRevokesTheFamily() {
		JsonNode first = signIn(confidential(), SCOPE).path("token");

		JsonNode second = this.authlib.run("refresh",
				with(confidential(), Map.of("refresh_token", first.path("refresh_token").asString())));
		assertThat(second.path("token").path("refresh_token").asString()).as(second.toString())
			.isNotEmpty()
			.isNotEqualTo(first.path("refresh_token").asString());
		assertThat(second.path("token").path("access_token").asString()).isNotEqualTo(
				first.path("access_token").asString());

		JsonNode reused = this.authlib.run("refresh",
				with(confidential(), Map.of("refresh_token", first.path("refresh_token").asString())));
		assertThat(reused.path("error").asString()).isEqualTo("invalid_grant");
		JsonNode afterReuse = this.authlib.run("refresh",
				with(confidential(), Map.of("refresh_token", second.path("token").path("refresh_token").asString())));
		assertThat(afterReuse.path("error").asString()).as("the family is revoked").isEqualTo("invalid_grant");
	}

	@Test
	void userinfoReturnsTheClaimsOfTheScopes() {
		String full = signIn(confidential(), SCOPE).path("token").path("access_token").asString();
		String openidOnly = signIn(confidential(), "openid").path("token").path("access_token").asString();

		JsonNode userinfo = this.authlib.run("userinfo", Map.of("access_token", full));
		JsonNode narrow = this.authlib.run("userinfo", Map.of("access_token", openidOnly));

		assertThat(userinfo.path("status").asInt()).isEqualTo(200);
		assertThat(userinfo.path("body").path("sub").asString()).isEqualTo(this.nexus.userId());
		assertThat(userinfo.path("body").path("email").asString()).isEqualTo(this.email);
		assertThat(userinfo.path("body").path("groups").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("admins", "ops");
		assertThat(narrow.path("status").asInt()).isEqualTo(200);
		assertThat(narrow.path("body").path("sub").asString()).isEqualTo(this.nexus.userId());
		assertThat(narrow.path("body").has("email")).isFalse();
		assertThat(narrow.path("body").has("groups")).isFalse();
	}

	@Test
	void introspectionTellsActiveTokensAndRevokingOneAccessTokenLeavesTheRefreshTokenWorking() {
		JsonNode token = signIn(confidential(), SCOPE).path("token");
		String accessToken = token.path("access_token").asString();

		JsonNode active = introspect(accessToken);
		JsonNode revocation = this.authlib.run("revoke",
				with(confidential(), Map.of("token", accessToken, "token_type_hint", "access_token")));
		JsonNode revoked = introspect(accessToken);
		JsonNode refreshed = this.authlib.run("refresh",
				with(confidential(), Map.of("refresh_token", token.path("refresh_token").asString())));

		assertThat(active.path("status").asInt()).isEqualTo(200);
		assertThat(active.path("body").path("active").asBoolean()).as(active.toString()).isTrue();
		assertThat(active.path("body").path("client_id").asString()).isEqualTo(AUTHLIB_CLIENT_ID);
		assertThat(active.path("body").path("sub").asString()).isEqualTo(this.nexus.userId());
		assertThat(revocation.path("status").asInt()).isEqualTo(200);
		assertThat(revoked.path("body").path("active").asBoolean()).as(revoked.toString()).isFalse();
		assertThat(refreshed.path("token").path("access_token").asString()).as(refreshed.toString()).isNotEmpty();
	}

	@Test
	void revokingTheRefreshTokenEndsItsFamily() {
		JsonNode token = signIn(confidential(), SCOPE).path("token");

		JsonNode revocation = this.authlib.run("revoke", with(confidential(),
				Map.of("token", token.path("refresh_token").asString(), "token_type_hint", "refresh_token")));
		JsonNode refreshed = this.authlib.run("refresh",
				with(confidential(), Map.of("refresh_token", token.path("refresh_token").asString())));

		assertThat(revocation.path("status").asInt()).isEqualTo(200);
		assertThat(refreshed.path("error").asString()).isEqualTo("invalid_grant");
		assertThat(introspect(token.path("access_token").asString()).path("body").path("active").asBoolean())
			.as("the access token of the family").isFalse();
	}

	@Test
	void afterTheNexusSessionEndsPromptNoneAnswersLoginRequired() {
		signIn(confidential(), SCOPE);
		assertThat(TokenClient.delete(url("/api/me/sessions/" + this.nexus.sessionId()), this.nexus.access())
			.statusCode()).isEqualTo(204);

		JsonNode result = this.authlib.run("authorization-code", with(confidential(),
				Map.of("scope", SCOPE, "cookies", this.browser.cookies(), "extra", Map.of("prompt", "none"))));

		assertThat(result.path("authorization_error").path("error").asString()).as(result.toString())
			.isEqualTo("login_required");
	}

	@Test
	void clientCredentialsGivesAServiceAnAccessTokenOfItsOwn() {
		JsonNode result = this.authlib.run("client-credentials", confidential());

		String accessToken = result.path("token").path("access_token").asString();
		assertThat(accessToken).as(result.toString()).isNotEmpty();
		assertThat(result.path("token").has("refresh_token")).isFalse();
		JsonNode introspection = introspect(accessToken);
		assertThat(introspection.path("body").path("active").asBoolean()).isTrue();
		assertThat(introspection.path("body").path("client_id").asString()).isEqualTo(AUTHLIB_CLIENT_ID);
	}

	@Test
	void aClientRegisteredWithTheAdminTokenSignsInAtOnce() {
		String redirectUri = "http://127.0.0.1/authlib/registered-" + UUID.randomUUID();
		JsonNode registration = this.authlib.run("register", Map.of("initial_access_token", ADMIN_TOKEN, "metadata",
				Map.of("client_name", "Registered by Authlib", "redirect_uris", List.of(redirectUri), "grant_types",
						List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
						"token_endpoint_auth_method", "client_secret_basic", "scope", SCOPE)));

		assertThat(registration.path("status").asInt()).as(registration.toString()).isEqualTo(201);
		JsonNode client = registration.path("body");
		assertThat(client.path("client_id").asString()).isNotEmpty();
		assertThat(client.path("client_secret").asString()).isNotEmpty();
		assertThat(client.has("client_secret_expires_at")).isTrue();
		assertThat(client.path("redirect_uris").toString()).isEqualTo("[\"" + redirectUri + "\"]");
		assertThat(client.path("client_name").asString()).isEqualTo("Registered by Authlib");

		Map<String, Object> registered = Map.of("client_id", client.path("client_id").asString(), "client_secret",
				client.path("client_secret").asString(), "redirect_uri", redirectUri);
		JsonNode signIn = signIn(registered, SCOPE);
		assertThat(signIn.path("id_token_claims").path("sub").asString()).isEqualTo(this.nexus.userId());
		assertThat(signIn.path("id_token_claims").path("aud").toString()).contains(client.path("client_id").asString());
	}

	@Test
	void registrationWithoutTheAdminTokenOrWithAScriptRedirectUriIsRefused() {
		Map<String, Object> metadata = Map.of("client_name", "Nobody's", "redirect_uris",
				List.of("http://127.0.0.1/authlib/nobody"), "grant_types", List.of("authorization_code"));
		JsonNode anonymous = this.authlib.run("register", Map.of("metadata", metadata));
		JsonNode script = this.authlib.run("register", Map.of("initial_access_token", ADMIN_TOKEN, "metadata",
				Map.of("client_name", "Script", "redirect_uris", List.of("javascript:alert(1)"))));

		assertThat(anonymous.path("status").asInt()).isEqualTo(401);
		assertThat(script.path("status").asInt()).isEqualTo(400);
		assertThat(script.path("body").path("error").asString()).isEqualTo("invalid_redirect_uri");
	}

	/** Authlib's code flow, the browser's part carried by the signed-in Nexus session's cookies. */
	private JsonNode signIn(Map<String, Object> client, String scope) {
		JsonNode result = this.authlib.run("authorization-code",
				with(client, Map.of("scope", scope, "cookies", this.browser.cookies())));
		assertThat(result.has("token")).as(result.toString()).isTrue();
		return result;
	}

	private JsonNode introspect(String token) {
		return this.authlib.run("introspect", with(confidential(), Map.of("token", token)));
	}

	private static Map<String, Object> confidential() {
		return new LinkedHashMap<>(Map.of("client_id", AUTHLIB_CLIENT_ID, "client_secret", AUTHLIB_CLIENT_SECRET,
				"redirect_uri", AUTHLIB_REDIRECT_URI));
	}

	private static Map<String, Object> with(Map<String, Object> client, Map<String, ?> parameters) {
		Map<String, Object> all = new LinkedHashMap<>(client);
		all.putAll(parameters);
		return all;
	}
}
