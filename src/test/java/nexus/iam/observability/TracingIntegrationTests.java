package nexus.iam.observability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TestOtlpReceiver;
import nexus.iam.testsupport.TestOtlpReceiver.ReceivedSpan;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** Traces exported over OTLP/HTTP to the tests' collector: spans, their attributes, propagation. */
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTests extends IntegrationTest {

	private static final Pattern UUID_PATTERN = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestOtlpReceiver collector = TestOtlpReceiver.get();

	@Test
	void aSignedInRequestIsAServerSpanWithItsUserAndRequestIdsAndItsQueriesBelowIt() {
		Tokens tokens = signIn();
		String requestId = "trace-me-" + UUID.randomUUID();

		HttpResponse<String> me = get("/api/me",
				Map.of("X-Request-ID", requestId, "Authorization", "Bearer " + tokens.access()));

		assertThat(me.statusCode()).isEqualTo(200);
		ReceivedSpan server = serverSpan(requestId);
		assertThat(server.name()).isEqualTo("http get /api/me");
		assertThat(server.service()).isEqualTo("nexus-iam");
		assertThat(server.parentSpanId()).as("a trace started here").isEmpty();
		assertThat(server.attribute("user_id")).matches(UUID_PATTERN);
		List<ReceivedSpan> trace = this.collector.await(inTraceOf(server),
				(spans) -> spans.stream().anyMatch(TracingIntegrationTests::isQuery));
		ReceivedSpan query = trace.stream().filter(TracingIntegrationTests::isQuery).findFirst().orElseThrow();
		assertThat(descendsFrom(query, server, trace)).as("the query is below the request's span").isTrue();
		assertThat(query.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
	}

	@Test
	void aSignInCallbackHasTheTokenExchangeAsAClientSpanAndItsQueriesInOneTrace() {
		Browser browser = new Browser();
		TestOidcProvider.get().nextSignIn("trace-" + UUID.randomUUID(), "trace@example.com");
		String callback = new SignInFlow(browser, baseUrl()).startAndAuthorize("");
		String requestId = "trace-callback-" + UUID.randomUUID();

		HttpResponse<String> signedIn = browser.send(callback, (r) -> r.header("X-Request-ID", requestId).GET());

		assertThat(signedIn.statusCode()).isEqualTo(302);
		ReceivedSpan server = serverSpan(requestId);
		assertThat(server.name()).isEqualTo("http get /api/auth/{provider}/callback");
		List<ReceivedSpan> trace = this.collector.await(inTraceOf(server),
				(spans) -> spans.stream().anyMatch(named("oidc token")) && spans.stream().anyMatch(TracingIntegrationTests::isQuery));
		ReceivedSpan exchange = trace.stream().filter(named("oidc token")).findFirst().orElseThrow();
		assertThat(exchange.isChildOf(server)).isTrue();
		assertThat(exchange.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(exchange.attributes()).containsEntry("oidc.provider", "google")
			.containsEntry("oidc.operation", "token")
			.containsEntry("http.response.status_code", "200");
		assertThat(exchange.attribute("url.full")).startsWith(TestOidcProvider.get().issuer());
		assertThat(trace.stream().filter(TracingIntegrationTests::isQuery))
			.as("the user, identity and session rows written")
			.hasSizeGreaterThanOrEqualTo(2)
			.allMatch((query) -> descendsFrom(query, server, trace));
	}

	@Test
	void anIncomingTraceparentIsContinuedAndTheRequestsLogLinesCarryItsTraceId(CapturedOutput output) {
		String traceId = randomHex(16);
		String parentSpanId = randomHex(8);
		String requestId = "trace-parent-" + UUID.randomUUID();

		HttpResponse<String> response = get("/.well-known/jwks.json",
				Map.of("X-Request-ID", requestId, "traceparent", "00-" + traceId + "-" + parentSpanId + "-01"));

		assertThat(response.statusCode()).isEqualTo(200);
		ReceivedSpan server = serverSpan(requestId);
		assertThat(server.traceId()).isEqualTo(traceId);
		assertThat(server.parentSpanId()).isEqualTo(parentSpanId);
		JsonNode access = accessLine(output, requestId);
		assertThat(access.get("trace_id").asString()).isEqualTo(traceId);
		assertThat(access.get("span_id").asString()).isEqualTo(server.spanId());
	}

	@Test
	void aRateLimitedRequestHasItsRedisCommandsAsSpans() {
		Tokens tokens = signIn();
		String requestId = "trace-refresh-" + UUID.randomUUID();

		HttpResponse<String> refreshed = new Browser().send(url("/api/auth/refresh"),
				(r) -> r.header("X-Request-ID", requestId)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + tokens.refresh() + "\"}")));

		assertThat(refreshed.statusCode()).isEqualTo(200);
		ReceivedSpan server = serverSpan(requestId);
		List<ReceivedSpan> trace = this.collector.await(inTraceOf(server),
				(spans) -> spans.stream().anyMatch(TracingIntegrationTests::isRedisCommand));
		ReceivedSpan command = trace.stream().filter(TracingIntegrationTests::isRedisCommand).findFirst().orElseThrow();
		assertThat(descendsFrom(command, server, trace)).isTrue();
		assertThat(command.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
	}

	@Test
	void observationsKeptForTheirSpansAddNoMetrics() {
		signIn(); // a token exchange, queries and Redis commands
		String metrics = new Browser().get(managementUrl("/metrics")).body();

		assertThat(metrics).contains("redis_operation_duration_seconds_bucket")
			.doesNotContain("http_server_requests")
			.doesNotContain("jdbc_")
			.doesNotContain("lettuce_")
			.doesNotContain("oidc_client_requests");
	}

	private ReceivedSpan serverSpan(String requestId) {
		List<ReceivedSpan> spans = this.collector.await(
				(span) -> span.kind() == SpanKind.SPAN_KIND_SERVER && requestId.equals(span.attribute("request_id")),
				(found) -> !found.isEmpty());
		assertThat(spans).as("one server span per request").hasSize(1);
		return spans.get(0);
	}

	private static Predicate<ReceivedSpan> inTraceOf(ReceivedSpan span) {
		return (other) -> other.traceId().equals(span.traceId());
	}

	private static Predicate<ReceivedSpan> named(String name) {
		return (span) -> span.name().equals(name);
	}

	private static boolean isQuery(ReceivedSpan span) {
		return span.name().equals("query");
	}

	private static boolean isRedisCommand(ReceivedSpan span) {
		return "redis".equals(span.attribute("db.system"));
	}

	private static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> trace) {
		ReceivedSpan current = span;
		for (int depth = 0; depth < 10 && current != null; depth++) {
			if (current.isChildOf(ancestor)) {
				return true;
			}
			ReceivedSpan child = current;
			current = trace.stream().filter(child::isChildOf).findFirst().orElse(null);
		}
		return false;
	}

	private Tokens signIn() {
		return new SignInFlow(new Browser(), baseUrl()).signedIn("trace-" + UUID.randomUUID(), "trace@example.com");
	}

	private static HttpResponse<String> get(String path, Map<String, String> headers) {
		return new Browser().send(url(path), (r) -> {
			headers.forEach(r::header);
			return r.GET();
		});
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		random[0] |= 1; // never all zeros: an invalid id
		return HexFormat.of().formatHex(random);
	}

	/** The access line is written after the response: wait a little for it. */
	private static JsonNode accessLine(CapturedOutput output, String requestId) {
		for (int attempt = 0; attempt < 100; attempt++) {
			for (String line : output.getOut().split("\n")) {
				if (line.startsWith("{") && line.contains(requestId)) {
					JsonNode node = JSON.readTree(line);
					if (node.path("message").asString("").equals("Request completed")) {
						return node;
					}
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
		throw new AssertionError("no access line with request id " + requestId);
	}
}
