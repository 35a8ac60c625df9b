package nexus.iam.kratos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kratos registration web-hook over HTTP against the running service, with the web-hook bodies
 * Kratos sends (test data from Kratos's documentation and source, see testdata/kratos/README.md).
 */
class KratosWebhookIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String PASSWORD = "testdata/kratos/assembled/webhook-body-registration-after-password.from-docs.json";

	private static final String OIDC = "testdata/kratos/assembled/webhook-body-registration-after-oidc.json";

	static Stream<Arguments> payloads() {
		return Stream.of(Arguments.of(PASSWORD, "password", false, ""),
				Arguments.of(OIDC, "oidc", true, "Jane Doe"));
	}

	@ParameterizedTest
	@MethodSource("payloads")
	void registrationWhenNewIdentityThenUserAndIdentityCreatedAndAudited(String file, String method,
			boolean verified, String name) throws Exception {
		Payload payload = Payload.of(file, method);

		HttpResponse<String> response = deliver(payload.body(), KRATOS_WEBHOOK_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("created").booleanValue()).isTrue();
		UUID userId = UUID.fromString(body.get("user_id").stringValue());
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM users WHERE id = ? AND email = ? AND email_verified = ?"
					+ " AND coalesce(display_name, '') = ?", userId, payload.email(), verified, name))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_identities WHERE user_id = ? AND provider = 'kratos'"
					+ " AND subject = ? AND email = ? AND email_verified = ?", userId, payload.identityId(),
					payload.email(), verified))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'user_created' AND user_id = ?"
					+ " AND details->>'source' = 'kratos' AND details->>'method' = ?"
					+ " AND details->>'kratos_identity_id' = ?", userId, method, payload.identityId()))
				.isEqualTo(1);
		}
	}

	@ParameterizedTest
	@MethodSource("payloads")
	void registrationWhenDeliveredTwiceThenOneUserAndOneIdentity(String file, String method) throws Exception {
		Payload payload = Payload.of(file, method);

		HttpResponse<String> first = deliver(payload.body(), KRATOS_WEBHOOK_SECRET);
		HttpResponse<String> second = deliver(payload.body(), KRATOS_WEBHOOK_SECRET);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(200);
		JsonNode firstBody = JSON.readTree(first.body());
		JsonNode secondBody = JSON.readTree(second.body());
		assertThat(secondBody.get("created").booleanValue()).isFalse();
		assertThat(secondBody.get("user_id").stringValue()).isEqualTo(firstBody.get("user_id").stringValue());
		assertWritten(payload, 1);
	}

	@Test
	void registrationWhenDeliveredConcurrentlyThenOneUserAndOneIdentity() throws Exception {
		Payload payload = Payload.of(OIDC, "oidc");
		List<Callable<HttpResponse<String>>> deliveries = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			deliveries.add(() -> deliver(payload.body(), KRATOS_WEBHOOK_SECRET));
		}
		List<JsonNode> bodies = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (Future<HttpResponse<String>> answer : pool.invokeAll(deliveries)) {
				assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
				bodies.add(JSON.readTree(answer.get().body()));
			}
		}
		assertThat(bodies).filteredOn((body) -> body.get("created").booleanValue()).hasSize(1);
		assertThat(bodies.stream().map((body) -> body.get("user_id").stringValue()).distinct()).hasSize(1);
		assertWritten(payload, 1);
	}

	@Test
	void registrationWhenUnknownMembersThenIgnored() throws Exception {
		Payload payload = Payload.of(OIDC, "oidc").with((root) -> {
			root.put("added_in_a_later_kratos", "x");
			((ObjectNode) root.get("identity")).putObject("metadata_public").put("plan", "pro");
			((ObjectNode) root.get("identity").get("traits")).putArray("phones").add("+4930123456");
		});

		assertThat(deliver(payload.body(), KRATOS_WEBHOOK_SECRET).statusCode()).isEqualTo(200);
		assertWritten(payload, 1);
	}

	@Test
	void registrationWhenSecretWrongThenUnauthorizedAndNothingWritten() throws Exception {
		Payload payload = Payload.of(OIDC, "oidc");

		HttpResponse<String> response = deliver(payload.body(), KRATOS_WEBHOOK_SECRET + "x");

		assertProblem(response, 401, "unauthenticated", "The X-Webhook-Secret header is missing or wrong");
		assertWritten(payload, 0);
	}

	@Test
	void registrationWhenSecretMissingThenUnauthorizedAndNothingWritten() throws Exception {
		Payload payload = Payload.of(PASSWORD, "password");

		HttpResponse<String> response = deliver(payload.body(), null);

		assertProblem(response, 401, "unauthenticated", "The X-Webhook-Secret header is missing or wrong");
		assertWritten(payload, 0);
	}

	@Test
	void registrationWhenSecretMissingAndBodyMalformedThenUnauthorized() throws Exception {
		assertProblem(deliver("{not json", null), 401, "unauthenticated",
				"The X-Webhook-Secret header is missing or wrong");
	}

	static Stream<Arguments> malformed() {
		return Stream.of(
				malformed("identity.id is missing", (root) -> identity(root).remove("id")),
				malformed("identity.id is not a string", (root) -> identity(root).put("id", 42)),
				malformed("identity.id is not a UUID", (root) -> identity(root).put("id", "3a5293f1")),
				malformed("identity.id is the nil UUID",
						(root) -> identity(root).put("id", "00000000-0000-0000-0000-000000000000")),
				malformed("identity is missing", (root) -> root.remove("identity")),
				malformed("identity is not an object", (root) -> root.put("identity", "x")),
				malformed("identity.traits is missing", (root) -> identity(root).remove("traits")),
				malformed("identity.traits is not an object", (root) -> identity(root).putArray("traits")),
				malformed("identity.traits.email is not a string",
						(root) -> ((ObjectNode) identity(root).get("traits")).put("email", 7)),
				malformed("identity.traits.name is not a string or an object",
						(root) -> ((ObjectNode) identity(root).get("traits")).put("name", true)),
				malformed("identity.traits.name.first is not a string",
						(root) -> ((ObjectNode) identity(root).get("traits").get("name")).put("first", 1)),
				malformed("identity.verifiable_addresses is not an array",
						(root) -> identity(root).put("verifiable_addresses", "jane.doe@example.com")),
				malformed("identity.verifiable_addresses[0].verified is not a boolean",
						(root) -> ((ObjectNode) identity(root).get("verifiable_addresses").get(0)).put("verified", "yes")),
				malformed("method is not a string", (root) -> root.put("method", 3)),
				malformed("method is not a Kratos method name", (root) -> root.put("method", "OIDC; DROP")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformed")
	void registrationWhenMalformedThenBadRequestNamingTheFieldAndNothingWritten(String detail,
			Consumer<ObjectNode> change) throws Exception {
		Payload payload = Payload.of(OIDC, "oidc").with(change);

		HttpResponse<String> response = deliver(payload.body(), KRATOS_WEBHOOK_SECRET);

		assertProblem(response, 400, "invalid_request", detail);
		assertWritten(payload, 0);
	}

	@Test
	void registrationWhenBodyIsNotJsonThenBadRequestAndNothingWritten() throws Exception {
		Payload payload = Payload.of(OIDC, "oidc");
		String truncated = payload.body().substring(0, payload.body().length() / 2);

		assertProblem(deliver(truncated, KRATOS_WEBHOOK_SECRET), 400, "invalid_request", "The body is not valid JSON");
		assertProblem(deliver("", KRATOS_WEBHOOK_SECRET), 400, "invalid_request", "The body is empty");
		assertProblem(deliver("[]", KRATOS_WEBHOOK_SECRET), 400, "invalid_request", "The body is not a JSON object");
		assertWritten(payload, 0);
	}

	private static Arguments malformed(String detail, Consumer<ObjectNode> change) {
		return Arguments.of(detail, change);
	}

	private static ObjectNode identity(ObjectNode root) {
		return (ObjectNode) root.get("identity");
	}

	private static HttpResponse<String> deliver(String body, @Nullable String secret)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(KratosWebhookController.PATH)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (secret != null) {
			request.header("X-Webhook-Secret", secret);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status, String code, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("code").stringValue()).isEqualTo(code);
		assertThat(problem.get("detail").stringValue()).isEqualTo(detail);
	}

	/** How many users, Kratos identities and creation events exist for the payload: all equal. */
	private static void assertWritten(Payload payload, long expected) throws SQLException {
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM users WHERE email = ?", payload.email()))
				.as("users")
				.isEqualTo(expected);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_identities WHERE provider = 'kratos' AND subject = ?",
					payload.identityId()))
				.as("identities")
				.isEqualTo(expected);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'user_created'"
					+ " AND details->>'kratos_identity_id' = ?", payload.identityId()))
				.as("audit events")
				.isEqualTo(expected);
		}
	}

	/**
	 * A test-data body with a fresh identity id and e-mail address, and the {@code method} member
	 * that ops/kratos/registration-webhook.jsonnet adds.
	 */
	private record Payload(String identityId, String email, String body) {

		private static final String TEST_DATA_ID = "3a5293f1-f4d6-49f4-b34f-6da62c360604";

		static Payload of(String file, String method) {
			String text = resource(file);
			String email = JSON.readTree(text).get("identity").get("traits").get("email").stringValue();
			String identityId = UUID.randomUUID().toString();
			String freshEmail = "kratos-" + identityId.substring(0, 8) + "@example.com";
			ObjectNode root = (ObjectNode) JSON.readTree(text.replace(TEST_DATA_ID, identityId).replace(email, freshEmail));
			root.put("method", method);
			return new Payload(identityId, freshEmail, JSON.writeValueAsString(root));
		}

		Payload with(Consumer<ObjectNode> change) {
			ObjectNode root = (ObjectNode) JSON.readTree(this.body);
			change.accept(root);
			return new Payload(this.identityId, this.email, JSON.writeValueAsString(root));
		}

		private static String resource(String name) {
			try (InputStream in = KratosWebhookIntegrationTests.class.getClassLoader().getResourceAsStream(name)) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}
}
