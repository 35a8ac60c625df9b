package nexus.iam.web.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TableChecksums;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.WireHttp;
import nexus.iam.web.fuzz.FuzzRequests.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests at the running service, over real sockets: every route of the
 * {@link Catalogue}, each parameter, route variable, body type and header made hostile in turn
 * ({@link FuzzRequests}, from a fixed seed). Every answer must be below 500 (501 and 505 aside, which
 * HTTP names for a method, coding or version the server does not handle), an error must be a
 * problem document with a code, no body may name a parser, an exception or a product, the service
 * must stay healthy, and no table may gain a row (failed sign-ins are audited, by design).
 * <p>
 * {@code -Dnexus.fuzz.requests=N} (or {@code NEXUS_FUZZ_REQUESTS}) sets the size, 2,500 by default
 * for CI; {@code -Dnexus.fuzz.seed=S} another sequence. The figures of a run are printed: requests,
 * routes, time, and the requests per second a well-behaved client is served before, during and
 * after.
 */
class HostileInputFuzzTests extends IntegrationTest {

	static final int REQUESTS = size();

	static final long SEED = Long.getLong("nexus.fuzz.seed", 16L);

	private static final int WORKERS = 4;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What an error body must never name: a stack, a parser, a server or a database product. */
	private static final List<String> LEAKS = List.of("Exception", "\tat ", "at java.", "Caused by", "org.apache",
			"org.springframework", "tools.jackson", "com.fasterxml", "nimbusds", "PSQL", "PostgreSQL", "Tomcat",
			"[Source:", "line: ", "column: ", "SQLState", "Lettuce", "Redis");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void catalogueCoversEveryRouteOfTheService() {
		Set<String> routes = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			if (isTestCode(mapping.getValue())) {
				continue;
			}
			Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
			for (String pattern : mapping.getKey().getPatternValues()) {
				if (methods.isEmpty()) {
					routes.add("GET " + pattern);
				}
				methods.forEach((method) -> routes.add(method.name() + " " + pattern));
			}
		}
		Set<String> catalogued = new TreeSet<>();
		Catalogue.ENDPOINTS.forEach((endpoint) -> catalogued.add(endpoint.key()));
		assertThat(catalogued).as("routes the fuzzer knows").containsAll(routes);
	}

	@Test
	void hostileRequestsThenNeverServerErrorAlwaysProblemNothingWrittenAndStillHealthy() throws Exception {
		List<String> users = signIn(Math.max(6, REQUESTS / 400));
		String observer = signIn(1).get(0);
		AtomicInteger turn = new AtomicInteger();
		Credentials credentials = new Credentials(() -> users.get(Math.floorMod(turn.getAndIncrement(), users.size())),
				ADMIN_TOKEN, KRATOS_WEBHOOK_SECRET);
		List<FuzzRequest> requests = new FuzzRequests(SEED, credentials).next(REQUESTS);
		Map<String, Long> rowsBefore = rowCounts();

		// warmed up first (connection, JIT), then measured alone: the baseline of the same run
		wellBehavedRate(observer, Duration.ofSeconds(1), new AtomicBoolean(false));
		double aloneRate = wellBehavedRate(observer, Duration.ofSeconds(3), new AtomicBoolean(false));
		AtomicBoolean fuzzing = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
		Future<Double> duringRate = pool.submit(() -> wellBehavedRate(observer, Duration.ofMinutes(10), fuzzing));
		List<String> violations = Collections.synchronizedList(new ArrayList<>());
		Map<Integer, AtomicInteger> statuses = Collections.synchronizedMap(new TreeMap<>());
		long started = System.nanoTime();
		List<Future<?>> work = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			int worker = w;
			work.add(pool.submit(() -> {
				for (int i = worker; i < requests.size(); i += WORKERS) {
					check(requests.get(i), violations, statuses);
				}
			}));
		}
		for (Future<?> future : work) {
			future.get();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		fuzzing.set(false);
		double whileFuzzed = duringRate.get();
		pool.shutdown();
		// and alone again: the service is warmer now than before, so this is the fairer baseline
		double afterRate = wellBehavedRate(observer, Duration.ofSeconds(3), new AtomicBoolean(false));

		System.out.printf(java.util.Locale.ROOT,
				"Fuzzing: %d hostile requests at %d routes in %.1f s (%.0f requests/s, %d workers); statuses %s;"
						+ " a well-behaved client (GET /api/me, one connection) was served %.0f requests/s alone before,"
						+ " %.0f while fuzzed and %.0f alone after (while fuzzed / after: %.2f)%n",
				requests.size(), Catalogue.ENDPOINTS.size(), seconds, requests.size() / seconds, WORKERS, statuses,
				aloneRate, whileFuzzed, afterRate, whileFuzzed / afterRate);
		assertThat(violations).as("answers that break the rules (of %d)", requests.size()).isEmpty();
		assertThat(statuses.keySet()).as("the fuzzer reached refusals of many kinds").contains(400, 401, 404);
		assertHealthy(observer);
		assertThat(rowCounts()).as("rows per table (audit_events without sign_in_failed)").isEqualTo(rowsBefore);
	}

	private void check(FuzzRequest request, List<String> violations, Map<Integer, AtomicInteger> statuses) {
		WireHttp.Response response;
		try {
			byte[] body = (request.body() != null) ? request.body().getBytes(StandardCharsets.ISO_8859_1) : null;
			response = WireHttp.exchange(port(), request.method(), request.target(), request.headers(), body);
		}
		catch (RuntimeException ex) {
			violations.add("no answer (" + ex.getMessage() + "): " + request.describe());
			return;
		}
		int status = response.status();
		statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
		String problem = problemViolation(request, response);
		if (status >= 500 && status != 501 && status != 505) {
			violations.add(status + ": " + request.describe());
		}
		else if (problem != null) {
			violations.add(status + " " + problem + ": " + request.describe());
		}
	}

	/** What is wrong with the answer's body, or null. */
	private static String problemViolation(FuzzRequest request, WireHttp.Response response) {
		for (String leak : LEAKS) {
			if (response.body().contains(leak)) {
				return "body names '" + leak + "'";
			}
		}
		String server = response.header("Server");
		if (server != null && !server.isBlank()) {
			return "Server header " + server;
		}
		if (response.status() < 400 || request.method().equals("HEAD")) {
			return null;
		}
		String type = response.header("Content-Type");
		if (type != null && type.startsWith("application/json") && oauthErrorRoute(request)) {
			// an OAuth RFC names this route's error format: {"error": "...", "error_description": "..."}
			JsonNode error = JSON.readTree(response.body());
			return error.path("error").isString() && error.path("error").stringValue().matches("[a-z_]+") ? null
					: "OAuth error without an error code: " + response.body();
		}
		if (type == null || !type.startsWith("application/problem+json")) {
			return "error as " + type;
		}
		JsonNode problem = JSON.readTree(response.body());
		if (!problem.path("code").isString() || !problem.path("code").stringValue().matches("[a-z_]+")
				|| problem.path("status").intValue() != response.status()) {
			return "problem without a code or with another status: " + response.body();
		}
		return null;
	}

	/** Routes whose errors follow an OAuth RFC's JSON (RFC 7591 §3.2.2, RFC 6749 §5.2) instead of RFC 9457. */
	private static boolean oauthErrorRoute(FuzzRequest request) {
		return OAUTH_ERROR_ROUTES.stream().anyMatch(request.target()::startsWith);
	}

	private static final List<String> OAUTH_ERROR_ROUTES = List.of("/connect/register");

	private void assertHealthy(String accessToken) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(managementUrl("/health"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(url("/api/me")))
			.header("Authorization", "Bearer " + accessToken)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(me.statusCode()).as("a signed-in user after the fuzzing").isEqualTo(200);
	}

	/** Requests per second of {@code GET /api/me} served with 200, until the time is up or the flag drops. */
	private static double wellBehavedRate(String accessToken, Duration limit, AtomicBoolean whileTrue)
			throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest me = HttpRequest.newBuilder(URI.create(url("/api/me")))
			.header("Authorization", "Bearer " + accessToken)
			.build();
		AtomicLong served = new AtomicLong();
		long started = System.nanoTime();
		long end = started + limit.toNanos();
		boolean untilFlag = whileTrue.get();
		while (System.nanoTime() < end && (!untilFlag || whileTrue.get())) {
			if (http.send(me, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
				served.incrementAndGet();
			}
		}
		return served.get() / ((System.nanoTime() - started) / 1e9);
	}

	/** Signs in new users through the test provider; their access tokens. */
	private static List<String> signIn(int count) {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Browser browser = new Browser();
			String subject = "fuzz-" + UUID.randomUUID();
			new SignInFlow(browser, baseUrl()).signIn(subject, subject + "@example.com");
			tokens.add(browser.cookies().get("nexus_access"));
		}
		return tokens;
	}

	/** Rows per table; for audit_events only the rows other than sign_in_failed. */
	private static Map<String, Long> rowCounts() throws Exception {
		Map<String, Long> counts = new TreeMap<>();
		try (Connection db = TestDatabase.connect()) {
			for (String table : TableChecksums.tables(db)) {
				if (table.equals("passkey_challenges")) {
					continue; // the passkey options endpoints hand a challenge to anyone who asks, by design
				}
				String where = table.equals("audit_events") ? " WHERE type <> 'sign_in_failed'" : "";
				counts.put(table, Sql.count(db, "SELECT count(*) FROM " + table + where));
			}
		}
		return counts;
	}

	private static int port() {
		return URI.create(baseUrl()).getPort();
	}

	private static boolean isTestCode(HandlerMethod handler) {
		var source = handler.getBeanType().getProtectionDomain().getCodeSource();
		return source != null && source.getLocation().toString().contains("test-classes");
	}

	private static int size() {
		String env = System.getenv("NEXUS_FUZZ_REQUESTS");
		return Integer.getInteger("nexus.fuzz.requests", (env != null && !env.isBlank()) ? Integer.parseInt(env) : 2500);
	}
}
