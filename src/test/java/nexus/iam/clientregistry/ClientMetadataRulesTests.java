package nexus.iam.clientregistry;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.clientregistry.ClientMetadataJson.Parsed;

import static nexus.iam.clientregistry.RegistrationError.INVALID_CLIENT_METADATA;
import static nexus.iam.clientregistry.RegistrationError.INVALID_REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The registration rules (RFC 7591 §2 and §3.2.2) as a table: each row a client metadata document
 * and the error it gets, or none. No Spring: {@link ClientMetadataJson} and {@link ClientRules}
 * decide alone.
 */
class ClientMetadataRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PUBLIC_JWK = """
			{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
			"y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"k1"}]}""";

	private static final String PRIVATE_JWK = """
			{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
			"y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}]}""";

	static Stream<Arguments> accepted() {
		return Stream.of(
				arguments("an https redirect URI", """
						{"redirect_uris":["https://app.example.com/callback"]}"""),
				arguments("http on localhost", """
						{"redirect_uris":["http://localhost:8080/cb"]}"""),
				arguments("http on 127.0.0.1", """
						{"redirect_uris":["http://127.0.0.1:9000/cb"]}"""),
				arguments("http on [::1]", """
						{"redirect_uris":["http://[::1]:9000/cb"]}"""),
				arguments("a query in the redirect URI", """
						{"redirect_uris":["https://app.example.com/cb?x=1"]}"""),
				arguments("code and refresh with client_secret_post", """
						{"redirect_uris":["https://a.example/cb"],"grant_types":["authorization_code","refresh_token"],
						"response_types":["code"],"token_endpoint_auth_method":"client_secret_post"}"""),
				arguments("client credentials alone, no redirect URI", """
						{"grant_types":["client_credentials"],"response_types":[]}"""),
				arguments("a public client with the code grant only", """
						{"redirect_uris":["http://127.0.0.1/cb"],"token_endpoint_auth_method":"none"}"""),
				arguments("private_key_jwt with jwks_uri", """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks_uri":"https://a.example/jwks.json","token_endpoint_auth_signing_alg":"ES256"}"""),
				arguments("private_key_jwt with inline public keys", """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks":%s}""".formatted(PUBLIC_JWK)),
				arguments("back-channel logout and post-logout redirect", """
						{"redirect_uris":["https://a.example/cb"],"post_logout_redirect_uris":["https://a.example/bye"],
						"backchannel_logout_uri":"https://a.example/logout","backchannel_logout_session_required":true}"""),
				arguments("unknown members are ignored (RFC 7591 §2)", """
						{"redirect_uris":["https://a.example/cb"],"frobnicate":42,"client_name#fr":"x"}"""),
				arguments("null members count as absent", """
						{"redirect_uris":["https://a.example/cb"],"client_name":null,"jwks_uri":null}"""),
				arguments("informational members", """
						{"redirect_uris":["https://a.example/cb"],"client_uri":"https://a.example","contacts":["ops@a.example"],
						"software_id":"grafana","software_version":"11.2","id_token_signed_response_alg":"ES256"}"""),
				arguments("the Nexus extensions", """
						{"redirect_uris":["https://a.example/cb"],"nexus_first_party":false,"nexus_require_two_factor":true}"""));
	}

	static Stream<Arguments> refused() {
		return Stream.of(
				arguments("javascript: redirect URI", INVALID_REDIRECT_URI, """
						{"redirect_uris":["javascript:alert(1)"]}"""),
				arguments("data: redirect URI", INVALID_REDIRECT_URI, """
						{"redirect_uris":["data:text/html,<script>alert(1)</script>"]}"""),
				arguments("http to a non-local host", INVALID_REDIRECT_URI, """
						{"redirect_uris":["http://app.example.com/cb"]}"""),
				arguments("http to a host that only starts like loopback", INVALID_REDIRECT_URI, """
						{"redirect_uris":["http://127.0.0.1.evil.example/cb"]}"""),
				arguments("a fragment", INVALID_REDIRECT_URI, """
						{"redirect_uris":["https://app.example.com/cb#x"]}"""),
				arguments("a relative URI", INVALID_REDIRECT_URI, """
						{"redirect_uris":["/callback"]}"""),
				arguments("user information in the URI", INVALID_REDIRECT_URI, """
						{"redirect_uris":["https://good.example@evil.example/cb"]}"""),
				arguments("a custom scheme", INVALID_REDIRECT_URI, """
						{"redirect_uris":["com.example.app:/cb"]}"""),
				arguments("not a URI", INVALID_REDIRECT_URI, """
						{"redirect_uris":["https://a b/"]}"""),
				arguments("redirect_uris as a string", INVALID_REDIRECT_URI, """
						{"redirect_uris":"https://a.example/cb"}"""),
				arguments("the code grant without redirect URIs", INVALID_REDIRECT_URI, "{}"),
				arguments("the implicit grant", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"grant_types":["implicit"]}"""),
				arguments("the password grant", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"grant_types":["password"]}"""),
				arguments("no grant at all", INVALID_CLIENT_METADATA, """
						{"grant_types":[]}"""),
				arguments("refresh without the code grant", INVALID_CLIENT_METADATA, """
						{"grant_types":["client_credentials","refresh_token"]}"""),
				arguments("response type token", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"response_types":["code","token"]}"""),
				arguments("response type code without the code grant", INVALID_CLIENT_METADATA, """
						{"grant_types":["client_credentials"],"response_types":["code"]}"""),
				arguments("an unknown authentication method", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"client_secret_jwt"}"""),
				arguments("a public client with client credentials", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"none",
						"grant_types":["authorization_code","client_credentials"]}"""),
				arguments("a public client with refresh tokens", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"none",
						"grant_types":["authorization_code","refresh_token"]}"""),
				arguments("private_key_jwt without keys", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt"}"""),
				arguments("both jwks_uri and jwks", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks_uri":"https://a.example/jwks","jwks":%s}""".formatted(PUBLIC_JWK)),
				arguments("a private key in jwks", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks":%s}""".formatted(PRIVATE_JWK)),
				arguments("jwks that is no JWK set", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks":{"keys":"nope"}}"""),
				arguments("an http jwks_uri", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks_uri":"http://a.example/jwks"}"""),
				arguments("a signing algorithm without private_key_jwt", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_signing_alg":"RS256"}"""),
				arguments("an unknown assertion algorithm", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt",
						"jwks_uri":"https://a.example/jwks","token_endpoint_auth_signing_alg":"none"}"""),
				arguments("a javascript: post-logout redirect", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"post_logout_redirect_uris":["javascript:x"]}"""),
				arguments("an http back-channel logout URI off loopback", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"backchannel_logout_uri":"http://a.example/logout"}"""),
				arguments("a back-channel logout URI with a fragment", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"backchannel_logout_uri":"https://a.example/logout#f"}"""),
				arguments("an ID token algorithm Nexus does not sign with", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"id_token_signed_response_alg":"RS256"}"""),
				arguments("a scope with a quote", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"scope":"openid pro\\"file"}"""),
				arguments("scope as an array", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"scope":["openid"]}"""),
				arguments("a name with a control character", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"client_name":"a\\u0000b"}"""),
				arguments("a flag that is not a boolean", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"nexus_first_party":"yes"}"""),
				arguments("a javascript: logo", INVALID_CLIENT_METADATA, """
						{"redirect_uris":["https://a.example/cb"],"logo_uri":"javascript:x"}"""),
				arguments("too many redirect URIs", INVALID_REDIRECT_URI, """
						{"redirect_uris":[%s]}""".formatted(String.join(",",
						java.util.Collections.nCopies(21, "\"https://a.example/cb\"")))),
				arguments("the body is an array", INVALID_CLIENT_METADATA, "[]"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void accepted(String row, String document) {
		Parsed parsed = ClientMetadataJson.parse(JSON.readTree(document), "c1");
		assertThat(parsed.problems()).as(row).isEmpty();
		assertThat(parsed.metadata()).isNotNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refused(String row, RegistrationError error, String document) {
		Parsed parsed = ClientMetadataJson.parse(JSON.readTree(document), "c1");
		assertThat(parsed.metadata()).as(row).isNull();
		assertThat(parsed.problems()).as(row).isNotEmpty();
		assertThat(parsed.problems().get(0).error()).as(row).isEqualTo(error);
	}

	@Test
	void registrationWhenMembersOmittedThenRfc7591Defaults() {
		Parsed parsed = ClientMetadataJson.parse(JSON.readTree("""
				{"redirect_uris":["https://a.example/cb"]}"""), "c1");
		ClientDefinition client = parsed.metadata().definition();
		assertThat(client.grantTypes()).containsExactly(GrantType.AUTHORIZATION_CODE);
		assertThat(client.authenticationMethod()).isEqualTo(AuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(client.firstParty()).as("registered with the admin token: first-party").isTrue();
		assertThat(client.requireTwoFactor()).isFalse();
		assertThat(client.scopes()).containsExactlyElementsOf(ClientMetadataJson.DEFAULT_SCOPES);
	}

	@Test
	void renderWhenParsedAgainThenSameClient() {
		Parsed parsed = ClientMetadataJson.parse(JSON.readTree("""
				{"redirect_uris":["https://a.example/cb","http://127.0.0.1/cb"],"grant_types":["authorization_code","refresh_token"],
				"token_endpoint_auth_method":"private_key_jwt","jwks":%s,"scope":"openid groups",
				"client_name":"Grafana","post_logout_redirect_uris":["https://a.example/bye"],
				"backchannel_logout_uri":"https://a.example/logout","contacts":["ops@a.example"],
				"nexus_first_party":false,"nexus_require_two_factor":true}""".formatted(PUBLIC_JWK)), "c1");
		var rendered = ClientMetadataJson.render(parsed.metadata(), JSON);
		Parsed again = ClientMetadataJson.parse(JSON.valueToTree(rendered), "c1");
		assertThat(again.problems()).isEmpty();
		assertThat(again.metadata()).isEqualTo(parsed.metadata());
		assertThat(rendered).containsEntry("response_types", java.util.List.of("code"))
			.containsEntry("token_endpoint_auth_signing_alg", "RS256")
			.containsEntry("id_token_signed_response_alg", "ES256")
			.containsEntry("nexus_first_party", false);
	}
}
