package nexus.iam.clientregistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 7591 registration and RFC 7592 management over real HTTP: what a registration answers and
 * stores, who may read, change and delete a client, and every refusal, each of which writes nothing.
 */
class ClientRegistrationIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String GRAFANA = """
			{"client_name":"Grafana","redirect_uris":["https://grafana.nexus.test/login/generic_oauth"],
			"grant_types":["authorization_code","refresh_token"],"response_types":["code"],
			"token_endpoint_auth_method":"client_secret_basic","scope":"openid profile email groups",
			"post_logout_redirect_uris":["https://grafana.nexus.test/login"],
			"backchannel_logout_uri":"https://grafana.nexus.test/backchannel","contacts":["ops@nexus.test"],
			"software_id":"grafana"}""";

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	PasswordEncoder secrets;

	@Test
	void registerWithAdminTokenThenAllMetadataAndOnlyHashesStored() throws Exception {
		long eventsBefore = events("oidc_client_registered");
		HttpResponse<String> response = send("POST", "/connect/register", ADMIN_TOKEN, GRAFANA);

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying((v) -> assertThat(v).contains("no-store"));
		JsonNode body = JSON.readTree(response.body());
		String clientId = body.path("client_id").stringValue();
		String secret = body.path("client_secret").stringValue();
		String token = body.path("registration_access_token").stringValue();
		assertThat(clientId).matches("[A-Za-z0-9_-]{22}");
		assertThat(secret).hasSize(43);
		assertThat(token).hasSize(43).isNotEqualTo(secret);
		assertThat(body.path("client_id_issued_at").isNumber()).isTrue();
		assertThat(body.path("client_secret_expires_at").intValue()).isZero();
		assertThat(body.path("registration_client_uri").stringValue()).isEqualTo(url("/connect/register/" + clientId));
		assertThat(body.path("client_name").stringValue()).isEqualTo("Grafana");
		assertThat(strings(body.path("redirect_uris"))).containsExactly("https://grafana.nexus.test/login/generic_oauth");
		assertThat(strings(body.path("grant_types"))).containsExactly("authorization_code", "refresh_token");
		assertThat(strings(body.path("response_types"))).containsExactly("code");
		assertThat(body.path("token_endpoint_auth_method").stringValue()).isEqualTo("client_secret_basic");
		assertThat(body.path("scope").stringValue()).isEqualTo("openid profile email groups");
		assertThat(strings(body.path("post_logout_redirect_uris"))).containsExactly("https://grafana.nexus.test/login");
		assertThat(body.path("backchannel_logout_uri").stringValue()).isEqualTo("https://grafana.nexus.test/backchannel");
		assertThat(body.path("backchannel_logout_session_required").booleanValue()).isFalse();
		assertThat(body.path("id_token_signed_response_alg").stringValue()).isEqualTo("ES256");
		assertThat(strings(body.path("contacts"))).containsExactly("ops@nexus.test");
		assertThat(body.path("software_id").stringValue()).isEqualTo("grafana");
		assertThat(body.path("nexus_first_party").booleanValue()).isTrue();

		Map<String, String> row = row(clientId);
		assertThat(row.get("secret_hash")).isEqualTo(sha256(secret)).doesNotContain(secret);
		assertThat(row.get("registration_token_hash")).isEqualTo(sha256(token));
		assertThat(row.get("metadata")).doesNotContain(secret).doesNotContain(token);
		assertThat(events("oidc_client_registered")).isEqualTo(eventsBefore + 1);

		RegisteredClient client = this.clients.findByClientId(clientId);
		assertThat(client).isNotNull();
		assertThat(this.secrets.matches(secret, client.getClientSecret())).isTrue();
		assertThat(client.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(client.getRedirectUris()).containsExactly("https://grafana.nexus.test/login/generic_oauth");
		assertThat(ClientOptions.firstParty(client)).isTrue();
		assertThat(ClientOptions.fromSettings(client)).isFalse();
		assertThat(ClientOptions.displayName(client)).isEqualTo("Grafana");
		assertThat(ClientOptions.backchannelLogoutUri(client)).contains(URI.create("https://grafana.nexus.test/backchannel"));
	}

	@Test
	void registrationTokenThenReadUpdateAndDeleteItsClient() throws Exception {
		JsonNode registered = register(GRAFANA);
		String clientId = registered.path("client_id").stringValue();
		String token = registered.path("registration_access_token").stringValue();
		String secret = registered.path("client_secret").stringValue();

		HttpResponse<String> read = send("GET", "/connect/register/" + clientId, token, null);
		assertThat(read.statusCode()).isEqualTo(200);
		JsonNode readBody = JSON.readTree(read.body());
		assertThat(readBody.path("client_name").stringValue()).isEqualTo("Grafana");
		assertThat(readBody.path("registration_access_token").stringValue()).isEqualTo(token);
		assertThat(readBody.has("client_secret")).as("a secret is shown once").isFalse();
		assertThat(readBody.path("client_secret_expires_at").intValue()).isZero();

		long updatesBefore = events("oidc_client_updated");
		HttpResponse<String> updated = send("PUT", "/connect/register/" + clientId, token, """
				{"client_id":"%s","client_secret":"%s","client_name":"Grafana 2",
				"redirect_uris":["https://grafana.nexus.test/new"],"grant_types":["authorization_code"],
				"nexus_require_two_factor":true}""".formatted(clientId, secret));
		assertThat(updated.statusCode()).isEqualTo(200);
		JsonNode updatedBody = JSON.readTree(updated.body());
		assertThat(updatedBody.path("client_name").stringValue()).isEqualTo("Grafana 2");
		assertThat(updatedBody.has("backchannel_logout_uri")).as("omitted members are removed (RFC 7592 §2.2)").isFalse();
		assertThat(updatedBody.has("client_secret")).as("the secret stays").isFalse();
		RegisteredClient client = this.clients.findByClientId(clientId);
		assertThat(client.getRedirectUris()).containsExactly("https://grafana.nexus.test/new");
		assertThat(ClientOptions.requiresTwoFactor(client)).isTrue();
		assertThat(this.secrets.matches(secret, client.getClientSecret())).isTrue();
		assertThat(events("oidc_client_updated")).isEqualTo(updatesBefore + 1);

		long deletesBefore = events("oidc_client_deleted");
		HttpResponse<String> deleted = send("DELETE", "/connect/register/" + clientId, token, null);
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(this.clients.findByClientId(clientId)).isNull();
		assertThat(rows(clientId)).isZero();
		assertThat(events("oidc_client_deleted")).isEqualTo(deletesBefore + 1);
		HttpResponse<String> gone = send("GET", "/connect/register/" + clientId, token, null);
		assertThat(gone.statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/connect/register/" + clientId, ADMIN_TOKEN, null).statusCode()).isEqualTo(401);
	}

	@Test
	void adminTokenThenManagesAnyRegisteredClient() throws Exception {
		String clientId = register(GRAFANA).path("client_id").stringValue();
		HttpResponse<String> read = send("GET", "/connect/register/" + clientId, ADMIN_TOKEN, null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(read.body()).has("registration_access_token"))
			.as("the admin is not the client: its token is not echoed").isFalse();
		assertThat(send("DELETE", "/connect/register/" + clientId, ADMIN_TOKEN, null).statusCode()).isEqualTo(204);
		assertThat(rows(clientId)).isZero();
	}

	@Test
	void updateToSecretMethodThenNewSecretIssuedAndPublicClientLosesIt() throws Exception {
		JsonNode registered = register("""
				{"redirect_uris":["http://127.0.0.1:7777/cb"],"token_endpoint_auth_method":"none","nexus_first_party":false}""");
		String clientId = registered.path("client_id").stringValue();
		String token = registered.path("registration_access_token").stringValue();
		assertThat(registered.has("client_secret")).isFalse();
		assertThat(registered.has("client_secret_expires_at")).isFalse();
		RegisteredClient publicClient = this.clients.findByClientId(clientId);
		assertThat(publicClient.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(publicClient.getClientSecret()).isNull();
		assertThat(ClientOptions.firstParty(publicClient)).isFalse();

		HttpResponse<String> updated = send("PUT", "/connect/register/" + clientId, token, """
				{"client_id":"%s","redirect_uris":["http://127.0.0.1:7777/cb"],
				"token_endpoint_auth_method":"client_secret_post"}""".formatted(clientId));
		assertThat(updated.statusCode()).isEqualTo(200);
		String secret = JSON.readTree(updated.body()).path("client_secret").stringValue();
		assertThat(secret).hasSize(43);
		assertThat(row(clientId).get("secret_hash")).isEqualTo(sha256(secret));
	}

	@Test
	void registerWithoutAdminTokenThenRefusedAndNothingWritten() throws Exception {
		Map<String, String> before = snapshot();
		HttpResponse<String> none = send("POST", "/connect/register", null, GRAFANA);
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
		assertThat(JSON.readTree(none.body()).path("error").stringValue()).isEqualTo("invalid_token");
		HttpResponse<String> wrong = send("POST", "/connect/register", ADMIN_TOKEN + "x", GRAFANA);
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
		// another client's registration access token is no initial access token
		String otherToken = register(GRAFANA).path("registration_access_token").stringValue();
		before = snapshot();
		assertThat(send("POST", "/connect/register", otherToken, GRAFANA).statusCode()).isEqualTo(401);
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void registrationTokenOfOneClientThenNotGoodForAnother() throws Exception {
		JsonNode a = register(GRAFANA);
		JsonNode b = register(GRAFANA);
		String bId = b.path("client_id").stringValue();
		String aToken = a.path("registration_access_token").stringValue();
		Map<String, String> before = snapshot();
		assertThat(send("GET", "/connect/register/" + bId, aToken, null).statusCode()).isEqualTo(401);
		assertThat(send("PUT", "/connect/register/" + bId, aToken, """
				{"client_id":"%s","redirect_uris":["https://evil.example/cb"]}""".formatted(bId)).statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/connect/register/" + bId, aToken, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/connect/register/" + bId, null, null).statusCode()).isEqualTo(401);
		assertThat(snapshot()).isEqualTo(before);
		assertThat(this.clients.findByClientId(bId).getRedirectUris())
			.containsExactly("https://grafana.nexus.test/login/generic_oauth");
	}

	@Test
	void settingsClientThenNotManagedByRegistrationEvenWithAdminToken() throws Exception {
		Map<String, String> before = snapshot();
		assertThat(send("GET", "/connect/register/" + CONFIDENTIAL_CLIENT_ID, ADMIN_TOKEN, null).statusCode()).isEqualTo(401);
		assertThat(send("PUT", "/connect/register/" + CONFIDENTIAL_CLIENT_ID, ADMIN_TOKEN, """
				{"client_id":"%s","redirect_uris":["https://evil.example/cb"]}""".formatted(CONFIDENTIAL_CLIENT_ID))
			.statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/connect/register/" + CONFIDENTIAL_CLIENT_ID, ADMIN_TOKEN, null).statusCode())
			.isEqualTo(401);
		assertThat(snapshot()).isEqualTo(before);
		assertThat(this.clients.findByClientId(CONFIDENTIAL_CLIENT_ID).getRedirectUris()).contains(CLIENT_REDIRECT_URI);
	}

	@Test
	void storedRowUnderSettingsClientIdThenSettingsClientServed() throws Exception {
		// not reachable through registration (ids are random); a row put there by hand must not shadow
		try (Connection db = TestDatabase.connect(); PreparedStatement insert = db.prepareStatement("""
				INSERT INTO oidc_clients (client_id, secret_hash, registration_token_hash, metadata, issued_at, updated_at)
				VALUES (?, NULL, ?, CAST(? AS jsonb), now(), now())""")) {
			insert.setString(1, PUBLIC_CLIENT_ID);
			insert.setString(2, sha256("x"));
			insert.setString(3, """
					{"client_id":"%s","redirect_uris":["https://evil.example/cb"],"token_endpoint_auth_method":"none"}"""
				.formatted(PUBLIC_CLIENT_ID));
			insert.executeUpdate();
		}
		try {
			assertThat(this.clients.findByClientId(PUBLIC_CLIENT_ID).getRedirectUris()).doesNotContain("https://evil.example/cb");
			assertThat(send("GET", "/connect/register/" + PUBLIC_CLIENT_ID, "x", null).statusCode()).isEqualTo(401);
		}
		finally {
			try (Connection db = TestDatabase.connect();
					PreparedStatement delete = db.prepareStatement("DELETE FROM oidc_clients WHERE client_id = ?")) {
				delete.setString(1, PUBLIC_CLIENT_ID);
				delete.executeUpdate();
			}
		}
	}

	static Stream<Arguments> refusedRegistrations() {
		return Stream.of(
				arguments("javascript: redirect URI", "invalid_redirect_uri", """
						{"redirect_uris":["javascript:alert(document.cookie)"]}"""),
				arguments("http redirect URI off loopback", "invalid_redirect_uri", """
						{"redirect_uris":["http://grafana.nexus.test/cb"]}"""),
				arguments("data: redirect URI", "invalid_redirect_uri", """
						{"redirect_uris":["data:text/html;base64,PHNjcmlwdD4="]}"""),
				arguments("redirect URI with a fragment", "invalid_redirect_uri", """
						{"redirect_uris":["https://a.nexus.test/cb#x"]}"""),
				arguments("relative redirect URI", "invalid_redirect_uri", """
						{"redirect_uris":["/cb"]}"""),
				arguments("no redirect URI for the code grant", "invalid_redirect_uri", """
						{"client_name":"x"}"""),
				arguments("implicit grant", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"grant_types":["implicit"]}"""),
				arguments("password grant", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"grant_types":["password"]}"""),
				arguments("unknown authentication method", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"token_endpoint_auth_method":"tls_client_auth"}"""),
				arguments("public client with client credentials", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"token_endpoint_auth_method":"none",
						"grant_types":["authorization_code","client_credentials"]}"""),
				arguments("private_key_jwt without keys", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"token_endpoint_auth_method":"private_key_jwt"}"""),
				arguments("http back-channel logout off loopback", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"backchannel_logout_uri":"http://a.nexus.test/bc"}"""),
				arguments("javascript: post-logout redirect", "invalid_client_metadata", """
						{"redirect_uris":["https://a.nexus.test/cb"],"post_logout_redirect_uris":["javascript:x"]}"""),
				arguments("not JSON", "invalid_client_metadata", "{\"redirect_uris\":"),
				arguments("a JSON array", "invalid_client_metadata", "[]"),
				arguments("JSON null", "invalid_client_metadata", "null"),
				arguments("an empty body", "invalid_client_metadata", ""),
				arguments("deeply nested JSON", "invalid_client_metadata",
						"{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refusedRegistrations(String row, String error, String document) throws Exception {
		Map<String, String> before = snapshot();
		HttpResponse<String> response = send("POST", "/connect/register", ADMIN_TOKEN, document);
		assertThat(response.statusCode()).as(row).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("error").stringValue()).as(row).isEqualTo(error);
		assertThat(body.path("error_description").stringValue()).as(row).isNotBlank();
		assertThat(snapshot()).as(row + ": nothing written").isEqualTo(before);
	}

	@Test
	void refusedUpdatesThenNothingChanged() throws Exception {
		JsonNode registered = register(GRAFANA);
		String clientId = registered.path("client_id").stringValue();
		String token = registered.path("registration_access_token").stringValue();
		Map<String, String> before = snapshot();
		Map<String, String> cases = Map.of(
				"another client_id", """
						{"client_id":"someone-else","redirect_uris":["https://a.nexus.test/cb"]}""",
				"no client_id", """
						{"redirect_uris":["https://a.nexus.test/cb"]}""",
				"a wrong client_secret", """
						{"client_id":"%s","client_secret":"wrong","redirect_uris":["https://a.nexus.test/cb"]}""".formatted(clientId),
				"a javascript: redirect URI", """
						{"client_id":"%s","redirect_uris":["javascript:alert(1)"]}""".formatted(clientId),
				"the implicit grant", """
						{"client_id":"%s","redirect_uris":["https://a.nexus.test/cb"],"grant_types":["implicit"]}""".formatted(clientId),
				"not JSON", "nope");
		for (Map.Entry<String, String> bad : cases.entrySet()) {
			HttpResponse<String> response = send("PUT", "/connect/register/" + clientId, token, bad.getValue());
			assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
			assertThat(JSON.readTree(response.body()).path("error").stringValue()).as(bad.getKey())
				.isIn("invalid_client_metadata", "invalid_redirect_uri");
		}
		assertThat(snapshot()).isEqualTo(before);
	}

	private JsonNode register(String document) throws Exception {
		HttpResponse<String> response = send("POST", "/connect/register", ADMIN_TOKEN, document);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> send(String method, String path, @Nullable String token, @Nullable String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static java.util.List<String> strings(JsonNode array) {
		return array.values().stream().map(JsonNode::stringValue).toList();
	}

	/** The clients' rows and the audit trail, to show that a refusal writes nothing. */
	private static Map<String, String> snapshot() throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Map.of("oidc_clients", query(db, """
					SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY client_id)), '')
					FROM oidc_clients t"""), "audit_events", query(db, "SELECT count(*)::text FROM audit_events"));
		}
	}

	private static String query(Connection db, String sql) throws Exception {
		try (PreparedStatement query = db.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static Map<String, String> row(String clientId) throws Exception {
		try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement(
				"SELECT secret_hash, registration_token_hash, metadata::text FROM oidc_clients WHERE client_id = ?")) {
			query.setString(1, clientId);
			try (ResultSet rs = query.executeQuery()) {
				assertThat(rs.next()).isTrue();
				java.util.HashMap<String, String> row = new java.util.HashMap<>();
				row.put("secret_hash", rs.getString(1));
				row.put("registration_token_hash", rs.getString(2));
				row.put("metadata", rs.getString(3));
				return row;
			}
		}
	}

	private static long rows(String clientId) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM oidc_clients WHERE client_id = ?", clientId);
		}
	}

	private static long events(String type) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = ?", type);
		}
	}

	private static String sha256(String value) throws Exception {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}
}
