package nexus.iam.observability;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import nexus.iam.observability.ObservabilityFiles.Language;
import nexus.iam.observability.ObservabilityFiles.Query;
import nexus.iam.session.SessionApplications;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.TestBackchannelReceiver;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards and alert rules of {@code ops/observability} against the running service, after
 * a scripted scenario (sign-ins, a failed one, refreshes, a reuse, revocations, a 401, a 404, a
 * 500) played twice: every metric they name is exposed at {@code /metrics}; every PromQL query
 * runs in a real VictoriaMetrics that scraped the service all along, and returns series whenever
 * the series it selects exist; every LogsQL query names fields the service's JSON log lines have
 * and matches some of them. The examples of {@code docs/observability.md} go through the same
 * checks, except that a log example need not match (it may name a made-up request id).
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardQueriesTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String JOB = "nexus-iam";

	/** Metrics the scraper makes, not the service. */
	private static final Set<String> SCRAPE_METRICS = Set.of("up");

	/** Fields VictoriaLogs gives every line (the message and time under its own names) and those Vector adds. */
	private static final Map<String, String> SHIPPED_FIELDS = Map.of("_stream", "{host=\"test\",service=\"nexus-iam\"}",
			"service", "nexus-iam", "host", "test");

	/** Log queries that a test cannot make match on purpose. */
	private static final Set<String> UNEXERCISED_LOG_QUERIES = Set
		.of("Nexus IAM / Performance, panel \"Slow requests (over 1 s)\" (A)");

	private static VictoriaMetricsServer victoriaMetrics;

	private static RuntimeException victoriaMetricsUnavailable;

	private static String metrics;

	private static List<Map<String, String>> logLines;

	private final TokenClient client = new TokenClient(baseUrl());

	@Autowired
	private SessionApplications applications;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void startVictoriaMetrics() {
		try {
			victoriaMetrics = VictoriaMetricsServer.start(scrapeConfig());
		}
		catch (IllegalStateException ex) {
			victoriaMetricsUnavailable = ex; // the query test fails with it; the others still run
		}
	}

	@AfterAll
	static void stopVictoriaMetrics() {
		if (victoriaMetrics != null) {
			victoriaMetrics.close();
		}
	}

	@BeforeEach
	void playTheScenarioOnce(CapturedOutput output) {
		if (logLines != null) {
			return;
		}
		if (victoriaMetrics != null) {
			victoriaMetrics.await("no scrape of the service (up == 1)", Duration.ofSeconds(30),
					() -> value("up{job=\"" + JOB + "\"}") == 1);
		}
		// twice, with a scrape in between: counters then grow between two samples, so rates are not zero
		for (int round = 1; round <= 2; round++) {
			String lastRequest = playScenario(round);
			awaitAccessLine(output, lastRequest);
			double done = Instant.now().toEpochMilli() / 1000.0;
			if (victoriaMetrics != null) {
				victoriaMetrics.await("no scrape after round " + round + " of the scenario", Duration.ofSeconds(30),
						() -> value("max(timestamp(up{job=\"" + JOB + "\"}))") > done);
			}
		}
		metrics = new Browser().get(managementUrl("/metrics")).body();
		logLines = jsonLines(output);
	}

	@Test
	void everyMetricOfTheDashboardsAndAlertsIsExposedByTheService() {
		Set<String> samples = new HashSet<>();
		Set<String> histograms = new HashSet<>();
		for (String line : metrics.split("\n")) {
			if (line.startsWith("# TYPE ") && line.endsWith(" histogram")) {
				histograms.add(line.split(" ")[2]);
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				samples.add(line.split("[{ ]", 2)[0]);
			}
		}
		List<String> problems = new ArrayList<>();
		List<Query> queries = promQlQueries();
		for (Query query : queries) {
			List<PromQl.Selector> selectors = PromQl.selectors(query.expr());
			if (selectors.isEmpty()) {
				problems.add(query.where() + ": no metric found in " + query.expr());
			}
			for (PromQl.Selector selector : selectors) {
				if (exposedName(selector.metric(), samples, histograms) == null) {
					problems.add(query.where() + ": " + selector.metric() + " is not exposed at /metrics");
				}
			}
		}
		assertThat(queries).hasSizeGreaterThan(40);
		assertThat(problems).as("metrics the dashboards, alerts and documented examples use").isEmpty();
	}

	@Test
	void everyPanelQueryAndAlertRunsInVictoriaMetricsAndPanelsShowWhatTheScenarioMade() {
		if (victoriaMetrics == null) {
			throw new AssertionError(victoriaMetricsUnavailable.getMessage(), victoriaMetricsUnavailable);
		}
		List<String> problems = new ArrayList<>();
		Set<String> alerts = new HashSet<>();
		ObservabilityFiles.alertQueries().forEach((query) -> alerts.add(query.where()));
		int withSeries = 0;
		for (Query query : promQlQueries()) {
			String promql = query.runnable();
			JsonNode answer = victoriaMetrics.query(promql);
			if (!answer.path("status").asString().equals("success")) {
				problems.add(query.where() + ": " + answer.path("error").asString(answer.toString()) + "\n    " + promql);
				continue;
			}
			boolean exercised = PromQl.selectors(promql)
				.stream()
				.allMatch((selector) -> victoriaMetrics.hasSeries(selector.text()));
			if (!alerts.contains(query.where()) && exercised) {
				if (answer.path("data").path("result").isEmpty()) {
					problems.add(query.where() + ": no series, although every series it selects exists\n    " + promql);
				}
				else {
					withSeries++;
				}
			}
		}
		assertThat(problems).as("dashboard, alert and documented queries in VictoriaMetrics").isEmpty();
		assertThat(withSeries).as("panels showing the scenario").isGreaterThan(40);
	}

	@Test
	void everyLogQueryReadsFieldsOfTheServicesLogLinesAndMatchesSome() {
		Set<String> fields = new LinkedHashSet<>(SHIPPED_FIELDS.keySet());
		logLines.forEach((line) -> fields.addAll(line.keySet()));
		List<String> problems = new ArrayList<>();
		List<Query> queries = new ArrayList<>(ObservabilityFiles.dashboardQueries());
		Set<String> examples = new HashSet<>();
		for (Query example : ObservabilityFiles.documentedQueries()) {
			queries.add(example);
			examples.add(example.where());
		}
		queries.removeIf((query) -> query.language() != Language.LOGSQL);
		for (Query query : queries) {
			LogsQl logsQl;
			try {
				logsQl = LogsQl.parse(query.runnable());
			}
			catch (IllegalArgumentException ex) {
				problems.add(query.where() + ": " + ex.getMessage());
				continue;
			}
			for (String field : logsQl.fields()) {
				if (!fields.contains(field)) {
					problems.add(query.where() + ": no log line has the field " + field);
				}
			}
			if (!examples.contains(query.where()) && !UNEXERCISED_LOG_QUERIES.contains(query.where())
					&& logLines.stream().noneMatch(logsQl::matches)) {
				problems.add(query.where() + ": matches none of the scenario's log lines: " + query.expr());
			}
		}
		assertThat(queries).hasSizeGreaterThan(10);
		assertThat(problems).as("dashboard and documented log queries against the service's log lines").isEmpty();
	}

	/**
	 * Every kind of request the dashboards show: two sign-ins, a failed one, an authenticated call,
	 * a 401, a 404 and a 500, a refresh, a refresh-token reuse, access- and refresh-token
	 * revocations, a token of the OpenID Provider. Returns the request id of its last request.
	 */
	private String playScenario(int round) {
		Tokens first = signIn("dashboards-" + round + "-" + UUID.randomUUID());
		assertThat(this.client.me(first.access()).statusCode()).isEqualTo(200);
		assertThat(new Browser().get(url("/api/auth/google/callback?state=x&code=y")).statusCode()).isEqualTo(400);
		assertThat(new Browser().get(url("/api/me")).statusCode()).isEqualTo(401);
		assertThat(new Browser().send(url("/no/such/page"), (r) -> r.header("Authorization", "Bearer " + first.access()))
			.statusCode()).isEqualTo(404);
		assertThat(new Browser().send(url(FailingTestEndpoint.PATH),
				(r) -> r.header("Authorization", "Bearer " + first.access())).statusCode())
			.isEqualTo(500);
		HttpResponse<String> refreshed = this.client.refresh(first.refresh());
		assertThat(refreshed.statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(11)); // past the grace window: a replay is a reuse
		assertThat(this.client.refresh(first.refresh()).statusCode()).isEqualTo(401);
		this.clock.reset();

		Tokens second = signIn("dashboards-" + round + "-" + UUID.randomUUID());
		assertThat(this.client.revoke(TokenClient.form("token", second.access())).statusCode()).isEqualTo(200);
		assertThat(this.client.revoke(TokenClient.form("token", second.refresh())).statusCode()).isEqualTo(200);

		// a token of the OpenID Provider (oidc_token_issued_total): a service's client credentials
		HttpResponse<String> serviceToken = new Browser().send(url("/oauth2/token"), (r) -> r
			.header("Authorization", "Basic " + java.util.Base64.getEncoder()
				.encodeToString((CONFIDENTIAL_CLIENT_ID + ":" + CONFIDENTIAL_CLIENT_SECRET).getBytes()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(serviceToken.statusCode()).isEqualTo(200);

		// a back-channel logout (oidc_backchannel_logout_total): a session that signed in to an
		// application with a back-channel URI ends, and the outbox delivers the logout token
		TestBackchannelReceiver.get();
		Tokens third = signIn("dashboards-" + round + "-" + UUID.randomUUID());
		assertThat(this.applications.signedIn(UUID.fromString(third.sessionId()), LOGOUT_RP_A)).isTrue();
		assertThat(this.client.revoke(TokenClient.form("token", third.refresh())).statusCode()).isEqualTo(200);
		double before = backchannelLogouts();
		await("a back-channel logout delivered", () -> backchannelLogouts() > before);

		String requestId = "dashboards-" + UUID.randomUUID();
		new Browser().send(url("/.well-known/jwks.json"), (r) -> r.header("X-Request-ID", requestId));
		return requestId;
	}

	private double backchannelLogouts() {
		return this.meters.find("oidc.backchannel.logout").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private static void await(String what, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, subject + "@example.com");
	}

	/** The committed scrape configuration, aimed at this test's service and scraping every second. */
	private static String scrapeConfig() {
		Map<String, Object> config = ObservabilityFiles.yaml(ObservabilityFiles.SCRAPE_CONFIG);
		@SuppressWarnings("unchecked")
		Map<String, Object> global = (Map<String, Object>) config.get("global");
		global.put("scrape_interval", "1s");
		global.put("scrape_timeout", "1s");
		String target = URI.create(managementUrl("/")).getAuthority();
		for (Object job : (List<?>) config.get("scrape_configs")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> jobMap = (Map<String, Object>) job;
			assertThat(jobMap.get("job_name")).isEqualTo(JOB);
			jobMap.put("static_configs", List.of(Map.of("targets", List.of(target))));
		}
		return new Yaml().dump(config);
	}

	private static List<Query> promQlQueries() {
		List<Query> queries = new ArrayList<>(ObservabilityFiles.dashboardQueries());
		queries.addAll(ObservabilityFiles.documentedQueries());
		queries.removeIf((query) -> query.language() != Language.PROMQL);
		queries.addAll(ObservabilityFiles.alertQueries());
		return queries;
	}

	/** The exposed name a query's metric stands for; a histogram's _bucket, _count and _sum are the histogram. */
	private static String exposedName(String metric, Set<String> samples, Set<String> histograms) {
		if (SCRAPE_METRICS.contains(metric)) {
			return metric;
		}
		for (String suffix : new String[] { "_bucket", "_count", "_sum" }) {
			if (metric.endsWith(suffix) && histograms.contains(metric.substring(0, metric.length() - suffix.length()))) {
				return metric.substring(0, metric.length() - suffix.length());
			}
		}
		return samples.contains(metric) ? metric : null;
	}

	/** The single value of an instant query, or NaN when it has none. */
	private static double value(String promql) {
		JsonNode result = victoriaMetrics.query(promql).path("data").path("result");
		return (result.size() == 1) ? Double.parseDouble(result.get(0).path("value").get(1).asString()) : Double.NaN;
	}

	private static void awaitAccessLine(CapturedOutput output, String requestId) {
		Instant deadline = Instant.now().plusSeconds(10);
		while (jsonLines(output).stream()
			.noneMatch((line) -> requestId.equals(line.get("request_id")) && "Request completed".equals(line.get("_msg")))) {
			assertThat(Instant.now()).as("the access line of " + requestId).isBefore(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * The JSON lines written so far, as VictoriaLogs stores them after Vector: nested objects
	 * flattened with dots ({@code error.type}), {@code message} as {@code _msg}, {@code time} as
	 * {@code _time}, and the fields Vector adds.
	 */
	private static List<Map<String, String>> jsonLines(CapturedOutput output) {
		List<Map<String, String>> lines = new ArrayList<>();
		for (String text : new LinkedHashSet<>(List.of(output.getOut().split("\n")))) {
			if (text.startsWith("{\"time\"")) {
				Map<String, String> line = new LinkedHashMap<>(SHIPPED_FIELDS);
				flatten("", JSON.readTree(text), line);
				line.put("_msg", line.remove("message"));
				line.put("_time", line.remove("time"));
				lines.add(line);
			}
		}
		return lines;
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (field.getValue().isObject()) {
				flatten(prefix + field.getKey() + ".", field.getValue(), into);
			}
			else {
				into.put(prefix + field.getKey(), field.getValue().asString());
			}
		}
	}
}
