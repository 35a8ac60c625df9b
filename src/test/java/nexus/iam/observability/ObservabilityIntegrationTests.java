package nexus.iam.observability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON logs with request ids, the access line, and the metrics at {@code /metrics}. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern UUID_PATTERN = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final TokenClient client = new TokenClient(baseUrl());

	@Test
	void requestIdIsTakenWhenWellFormedAndMadeOtherwise() {
		HttpResponse<String> echoed = get("/.well-known/jwks.json", Map.of("X-Request-ID", "proxy-7f3a:42"));
		HttpResponse<String> tooLong = get("/.well-known/jwks.json", Map.of("X-Request-ID", "a".repeat(129)));
		HttpResponse<String> unsafe = get("/.well-known/jwks.json", Map.of("X-Request-ID", "a b<script>"));
		HttpResponse<String> none = get("/.well-known/jwks.json", Map.of());

		assertThat(echoed.headers().firstValue("X-Request-ID")).hasValue("proxy-7f3a:42");
		for (HttpResponse<String> response : List.of(tooLong, unsafe, none)) {
			assertThat(response.headers().firstValue("X-Request-ID").orElseThrow()).matches(UUID_PATTERN);
		}
	}

	@Test
	void everyRequestLeavesOneJsonAccessLineWithThePlatformsFields(CapturedOutput output) {
		Tokens tokens = signIn();
		String requestId = "access-" + UUID.randomUUID();

		HttpResponse<String> me = get("/api/me", Map.of("X-Request-ID", requestId, "Authorization",
				"Bearer " + tokens.access()));

		assertThat(me.statusCode()).isEqualTo(200);
		JsonNode line = awaitLine(output, requestId, "Request completed");
		assertThat(line.get("level").asString()).isEqualTo("info");
		assertThat(line.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
		assertThat(line.get("logger").asString()).isEqualTo("nexus.iam.access");
		assertThat(line.get("endpoint").asString()).isEqualTo("/api/me");
		assertThat(line.get("method").asString()).isEqualTo("GET");
		assertThat(line.has("path")).as("never the raw path (docs/security.md)").isFalse();
		assertThat(line.get("status").asInt()).isEqualTo(200);
		assertThat(line.get("duration_ms").isNumber()).isTrue();
		assertThat(line.get("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(line.get("user_id").asString()).matches(UUID_PATTERN);
		assertThat(linesOf(output, requestId)).as("one access line per request")
			.filteredOn((l) -> l.get("message").asString().equals("Request completed"))
			.hasSize(1);
	}

	@Test
	void aRejectedRequestIsCountedUnderTheEndpointItWasAimedAt(CapturedOutput output) {
		String requestId = "rejected-" + UUID.randomUUID();
		HttpResponse<String> response = new Browser().send(url("/api/me/sessions/" + UUID.randomUUID()),
				(r) -> r.header("X-Request-ID", requestId).DELETE());

		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode line = awaitLine(output, requestId, "Request completed");
		assertThat(line.get("endpoint").asString()).isEqualTo("/api/me/sessions/{id}");
	}

	@Test
	void aPathThatMatchesNoRouteIsCountedAsNotFoundAsTheDocsSay(CapturedOutput output) {
		Tokens tokens = signIn();
		String requestId = "not-found-" + UUID.randomUUID();

		HttpResponse<String> response = get("/no-such-page-" + UUID.randomUUID(),
				Map.of("X-Request-ID", requestId, "Authorization", "Bearer " + tokens.access()));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(awaitLine(output, requestId, "Request completed").get("endpoint").asString()).isEqualTo("NOT_FOUND");
		assertThat(new Browser().get(managementUrl("/metrics")).body())
			.contains("http_requests_total{endpoint=\"NOT_FOUND\",method=\"GET\",status=\"404\"}")
			// static files (the passkey script) are served under the resource handler's "/**"; a 404 never is
			.doesNotContain("endpoint=\"/**\",method=\"GET\",status=\"404\"");
	}

	@Test
	void aFailureIsLoggedAsAnErrorWithItsRequestIdAndAnsweredWithoutDetails(CapturedOutput output) {
		Tokens tokens = signIn();
		String requestId = "failure-" + UUID.randomUUID();

		HttpResponse<String> response = get(FailingTestEndpoint.PATH,
				Map.of("X-Request-ID", requestId, "Authorization", "Bearer " + tokens.access()));

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).doesNotContain("deliberate").doesNotContain("IllegalStateException");
		JsonNode error = awaitLine(output, requestId, "Unhandled exception");
		assertThat(error.get("level").asString()).isEqualTo("error");
		assertThat(error.get("error").get("type").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(error.get("error").get("message").asString()).contains("deliberate failure");
		assertThat(error.get("error").get("stack_trace").asString()).contains("FailingTestEndpoint");
	}

	@Test
	void aWholeSessionLeavesNoTokenCodeOrCookieValueInTheLogs(CapturedOutput output) {
		Browser browser = new Browser();
		String callback = new SignInFlow(browser, baseUrl()).startAndAuthorize("");
		String code = query(callback, "code");
		String state = query(callback, "state");
		String stateCookie = browser.cookies().values().iterator().next();
		HttpResponse<String> signedIn = browser.get(callback);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		Tokens first = Tokens.of(browser);
		Tokens second = Tokens.of(this.client.refresh(first.refresh()));
		this.client.revoke(TokenClient.form("token", second.access()));
		this.client.revoke(TokenClient.form("token", second.refresh()));
		this.client.refresh(first.refresh()); // reuse after the revocation: refused, logged

		String logs = output.getAll();
		for (String secret : List.of(code, state, stateCookie, first.access(), first.refresh(), second.access(),
				second.refresh())) {
			assertThat(logs).doesNotContain(secret);
		}
	}

	@Test
	void metricsCarryThePlatformsNamesAndLabels() {
		Tokens tokens = signIn();
		new Browser().get(url("/api/auth/google/callback?state=x&code=y")); // a failed sign-in
		this.client.me(tokens.access());
		Tokens next = Tokens.of(this.client.refresh(tokens.refresh()));
		this.client.revoke(TokenClient.form("token", next.access()));
		this.client.revoke(TokenClient.form("token", next.refresh()));

		String metrics = new Browser().get(managementUrl("/metrics")).body();

		assertThat(metrics).contains("auth_login_total{provider=\"google\",status=\"success\"}")
			.contains("auth_login_total{provider=\"google\",status=\"failure\"}")
			.contains("auth_token_refresh_total{status=\"success\"}")
			.contains("auth_token_revoked_total")
			.contains("auth_session_revoked_total{reason=\"token_revocation\"}")
			.contains("http_request_duration_seconds_bucket{endpoint=\"/api/me\",method=\"GET\",status=\"200\"")
			.contains("http_requests_total{endpoint=\"/api/auth/refresh\",method=\"POST\",status=\"200\"}")
			.contains("redis_operation_duration_seconds_bucket{operation=")
			.contains("rate_limit_requests_total{endpoint=\"token\",status=\"allowed\"}")
			.contains("rate_limit_exceeded_total{endpoint=\"sign-in\"}")
			.contains("postgres_connections_active")
			.contains("redis_connections_active")
			.contains("revocation_propagation_lag_seconds_bucket")
			.contains("revocation_degraded")
			.contains("jvm_memory_used_bytes")
			.contains("process_cpu_usage")
			.doesNotContain("http_server_requests");
		List<String> endpoints = new ArrayList<>();
		Matcher matcher = Pattern.compile("endpoint=\"([^\"]*)\"").matcher(metrics);
		while (matcher.find()) {
			endpoints.add(matcher.group(1));
		}
		assertThat(endpoints).isNotEmpty().noneMatch((endpoint) -> UUID_PATTERN.matcher(endpoint).find());
	}

	private Tokens signIn() {
		return new SignInFlow(new Browser(), baseUrl()).signedIn("obs-" + UUID.randomUUID(), "obs@example.com");
	}

	private static HttpResponse<String> get(String path, Map<String, String> headers) {
		return new Browser().send(url(path), (r) -> {
			headers.forEach(r::header);
			return r.GET();
		});
	}

	private static String query(String url, String name) {
		Matcher matcher = Pattern.compile("[?&]" + name + "=([^&]+)").matcher(url);
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	/** The line is written after the response: wait a little for it. */
	private static JsonNode awaitLine(CapturedOutput output, String requestId, String message) {
		for (int attempt = 0; attempt < 100; attempt++) {
			for (JsonNode line : linesOf(output, requestId)) {
				if (line.get("message").asString().equals(message)) {
					return line;
				}
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("no log line \"" + message + "\" with request id " + requestId);
	}

	private static List<JsonNode> linesOf(CapturedOutput output, String requestId) {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : output.getOut().split("\n")) {
			if (line.startsWith("{") && line.contains(requestId)) {
				JsonNode node = JSON.readTree(line);
				if (requestId.equals(node.path("request_id").asString(null))) {
					lines.add(node);
				}
			}
		}
		return lines;
	}
}
