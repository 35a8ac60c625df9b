package nexus.iam.observability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.testsupport.FreePorts;

/**
 * A real single-node VictoriaMetrics, the binary of the Debian package {@code victoria-metrics}
 * ({@code .ci/run} installs it), on a free loopback port with a temporary storage folder. It
 * scrapes what the given scrape configuration says and answers the Prometheus query API.
 */
final class VictoriaMetricsServer implements AutoCloseable {

	/** A path to the binary, instead of {@code victoria-metrics} on the PATH. */
	static final String BINARY_VARIABLE = "NEXUS_TEST_VICTORIA_METRICS";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path directory;

	private final String url;

	private VictoriaMetricsServer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.url = "http://127.0.0.1:" + port;
	}

	/** The binary: {@value #BINARY_VARIABLE}, else {@code victoria-metrics} on the PATH; fails clearly when missing. */
	static Path binary() {
		String configured = System.getenv(BINARY_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return executable(Path.of(configured));
		}
		String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, "victoria-metrics");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		throw new IllegalStateException("VictoriaMetrics is not installed: the dashboard tests run the binary "
				+ "victoria-metrics of the Debian package of that name (apt-get install victoria-metrics; .ci/run "
				+ "installs it), or the one " + BINARY_VARIABLE + " points to");
	}

	/** A companion binary of the same package, e.g. {@code vmalert}. */
	static Path companion(String name) {
		return executable(binary().resolveSibling(name));
	}

	private static Path executable(Path binary) {
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException(binary + " is missing or not executable: install the Debian package "
					+ "victoria-metrics (.ci/run does)");
		}
		return binary;
	}

	/** Starts it with this scrape configuration and waits until it answers. */
	static VictoriaMetricsServer start(String scrapeConfig) {
		Path binary = binary();
		Path directory;
		try {
			directory = Files.createTempDirectory("nexus-iam-victoria-metrics");
			Files.writeString(directory.resolve("scrape.yml"), scrapeConfig);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int port = FreePorts.next();
		ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-httpListenAddr=127.0.0.1:" + port,
				"-storageDataPath=" + directory.resolve("data"), "-promscrape.config=" + directory.resolve("scrape.yml"),
				"-retentionPeriod=1d",
				// the freshest samples are what the tests look for: no latency offset, no cached answers
				"-search.latencyOffset=0s", "-search.disableCache", "-memory.allowedPercent=10", "-loggerLevel=WARN")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("victoria-metrics.log").toFile());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + binary, ex);
		}
		VictoriaMetricsServer server = new VictoriaMetricsServer(process, directory, port);
		server.awaitHealthy();
		return server;
	}

	private void awaitHealthy() {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				String log = log();
				close();
				throw new IllegalStateException("VictoriaMetrics exited at start-up: " + log);
			}
			try {
				HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(this.url + "/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			pause();
		}
		String log = log();
		close();
		throw new IllegalStateException("VictoriaMetrics did not answer /health within 30 s: " + log);
	}

	/** {@code /api/v1/query} at the current time: the whole JSON answer, errors included. */
	JsonNode query(String promql) {
		return get("/api/v1/query?query=" + encode(promql));
	}

	/** Whether any series of the last hour matches the selector ({@code /api/v1/series}). */
	boolean hasSeries(String selector) {
		long start = Instant.now().minusSeconds(3600).getEpochSecond();
		JsonNode answer = get("/api/v1/series?match%5B%5D=" + encode(selector) + "&start=" + start);
		return answer.path("status").asString().equals("success") && !answer.path("data").isEmpty();
	}

	/** Polls a condition on this server until it holds, or fails after the timeout with the message. */
	void await(String what, Duration timeout, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("VictoriaMetrics: " + what + " within " + timeout.toSeconds() + " s; its log: "
						+ log());
			}
			pause();
		}
	}

	private JsonNode get(String pathAndQuery) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(this.url + pathAndQuery))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String log() {
		try {
			List<String> lines = Files.readAllLines(this.directory.resolve("victoria-metrics.log"));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// a temporary folder left behind is no failure
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
