package nexus.iam;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.FreePorts;
import nexus.iam.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as a newcomer meets it: the packaged jar, started with no configuration in
 * an empty folder (only its ports are chosen, so that the run cannot collide with anything),
 * signs in through the development provider with nothing but redirects and cookies, and keeps
 * its users and signing key across a restart. Prints the start-up time and memory.
 */
class PackagedJarIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	@Test
	void embeddedDefaultStartsSignsInAndKeepsItsDataAcrossRestarts() throws Exception {
		Path workDir = Files.createTempDirectory("nexus-iam-embedded");
		int port = FreePorts.next();
		int managementPort = FreePorts.next();
		String base = "http://localhost:" + port;

		String firstUserId;
		String firstAccessToken;
		try (RunningJar jar = RunningJar.start(workDir, port, managementPort, "first")) {
			long readyMillis = jar.awaitReady();
			Browser browser = new Browser();
			HttpResponse<String> home = browser
				.follow(base + "/api/auth/dev/login?login_hint=" + URLEncoder.encode("alice@example.com", StandardCharsets.UTF_8));
			assertThat(home.statusCode()).isEqualTo(200);
			assertThat(home.body()).contains("Signed in as", "alice@example.com");
			JsonNode me = JSON.readTree(browser.get(base + "/api/me").body());
			assertThat(me.get("email").asString()).isEqualTo("alice@example.com");
			firstUserId = me.get("id").asString();
			firstAccessToken = browser.cookies().get("nexus_access");

			assertThat(browser.get(base + "/api/auth/dev/login").body()).as("the e-mail page").contains("login_hint");
			assertThat(jar.log()).contains("Sign in with Development sign-in: " + base + "/api/auth/dev/login");
			System.out.printf("embedded default: ready %d ms after process start, RSS after sign-in %d MiB%n",
					readyMillis, jar.rssKib() / 1024);

			List<String> start = jar.log().lines().takeWhile((line) -> !line.contains("Sign in with")).toList();
			System.out.printf("embedded default: %d log lines to the sign-in link%n", start.size() + 1);
			assertThat(start).as("a quiet first start").hasSizeLessThan(20)
				.noneMatch((line) -> line.contains("initdb") || line.contains("creating subdirectories")
						|| line.contains("Migrating schema") || line.matches(".*\\[\\s*\\].*"));
			assertThat(jar.log()).contains("Database schema at version");
			assertThat(jar.log().lines().filter((line) -> line.contains("nexus.iam.access")))
				.as("text access lines name the route, method and status")
				.anyMatch((line) -> line.contains("endpoint=/api/me") && line.contains("method=GET") && line.contains("status=200"));

			// a second instance on the same data folder is told so, by the setting that moves it
			try (RunningJar second = RunningJar.start(workDir, FreePorts.next(), FreePorts.next(), "same-folder")) {
				assertThat(second.awaitExit()).isNotZero();
				assertReadableRefusal(second, "NEXUS_DATA_DIR");
			}
			assertThat(jar.interrupt()).as("Ctrl-C is a clean stop, no BUILD FAILURE under spring-boot:run").isZero();
		}

		// the public port taken: named by its setting (an external database, so nothing waits for initdb)
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
				RunningJar blocked = RunningJar.start(Files.createTempDirectory("nexus-iam-port"), taken.getLocalPort(),
						FreePorts.next(), "port-in-use", Map.of("NEXUS_DATABASE_URL", TestDatabase.url(),
								"NEXUS_DATABASE_USERNAME", TestDatabase.USER))) {
			assertThat(blocked.awaitExit()).isNotZero();
			assertReadableRefusal(blocked, "NEXUS_PORT");
		}

		// a production start with what a newcomer forgets: one block, every problem, no stack trace
		try (RunningJar refused = RunningJar.start(Files.createTempDirectory("nexus-iam-production"), FreePorts.next(),
				FreePorts.next(), "production-refused",
				Map.of("NEXUS_MODE", "production", "NEXUS_LOGIN_PROVIDERS_CORP_CLIENT_ID", "nexus-iam"))) {
			assertThat(refused.awaitExit()).isNotZero();
			assertReadableRefusal(refused, "NEXUS_DATABASE_URL");
			assertThat(refused.errors()).contains("NEXUS_LOGIN_PROVIDERS_CORP_ISSUER is missing",
					"NEXUS_LOGIN_PROVIDERS_CORP_CLIENT_SECRET is missing", "NEXUS_LOGIN_STATE_SECRET is missing");
		}

		try (RunningJar jar = RunningJar.start(workDir, port, managementPort, "second")) {
			long readyMillis = jar.awaitReady();
			System.out.printf("embedded default (existing data folder): ready %d ms after process start%n",
					readyMillis);
			HttpResponse<String> me = new Browser().send(base + "/api/me",
					(request) -> request.header("Authorization", "Bearer " + firstAccessToken));
			assertThat(me.statusCode()).as("a token signed before the restart").isEqualTo(200);

			Browser browser = new Browser();
			browser.follow(base + "/api/auth/dev/login?login_hint=alice%40example.com");
			JsonNode again = JSON.readTree(browser.get(base + "/api/me").body());
			assertThat(again.get("id").asString()).as("the same user after a restart").isEqualTo(firstUserId);
		}
	}

	/** Refused on standard error in a few lines naming the setting; no stack trace anywhere; all on one screen. */
	private static void assertReadableRefusal(RunningJar jar, String setting) throws IOException {
		String errors = jar.errors();
		assertThat(errors.lines().filter((line) -> line.startsWith("  - "))).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).startsWith("  - NEXUS_"));
		assertThat(errors).contains("  - " + setting);
		String everything = jar.log() + errors;
		assertThat(everything).doesNotContain("\tat ", "Exception in thread", "Caused by");
		assertThat(everything.lines().count()).as("fits on a screen").isLessThan(60);
	}

	/** The packaged jar running as a child process with a clean environment. */
	private static final class RunningJar implements AutoCloseable {

		private final Process process;

		private final Path logFile;

		private final long startedAt;

		private final int managementPort;

		private RunningJar(Process process, Path logFile, long startedAt, int managementPort) {
			this.process = process;
			this.logFile = logFile;
			this.startedAt = startedAt;
			this.managementPort = managementPort;
		}

		static RunningJar start(Path workDir, int port, int managementPort, String name) throws IOException {
			return start(workDir, port, managementPort, name, Map.of());
		}

		/**
		 * Standard output to {@code target/embedded-default-<name>.log}, standard error beside it
		 * ({@code .err}); Ctrl-C stops it as under {@code ./mvnw spring-boot:run}.
		 */
		static RunningJar start(Path workDir, int port, int managementPort, String name, Map<String, String> settings)
				throws IOException {
			Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus-iam.jar")).toAbsolutePath();
			assertThat(jar).exists();
			Path logFile = Path.of("target", "embedded-default-" + name + ".log").toAbsolutePath();
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Dnexus.run.interrupt-is-a-stop=true", "-jar",
					jar.toString()))
				.directory(workDir.toFile())
				.redirectError(Path.of(logFile + ".err").toFile())
				.redirectOutput(logFile.toFile());
			Map<String, String> env = builder.environment();
			env.keySet().removeIf((key) -> key.startsWith("NEXUS_") || key.startsWith("SPRING_"));
			env.put("NEXUS_PORT", Integer.toString(port));
			env.put("NEXUS_MANAGEMENT_PORT", Integer.toString(managementPort));
			env.putAll(settings);
			long startedAt = System.nanoTime();
			return new RunningJar(builder.start(), logFile, startedAt, managementPort);
		}

		/** The exit code of a start that is to fail, within the time a refusal may take. */
		int awaitExit() throws InterruptedException {
			assertThat(this.process.waitFor(READY_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
				.as("exited; see %s", this.logFile)
				.isTrue();
			return this.process.exitValue();
		}

		/** Ctrl-C, as a developer stops {@code ./mvnw spring-boot:run}: the exit code. */
		int interrupt() throws Exception {
			new ProcessBuilder("kill", "-INT", Long.toString(this.process.pid())).start().waitFor();
			return awaitExit();
		}

		String errors() throws IOException {
			return Files.readString(Path.of(this.logFile + ".err"));
		}

		long awaitReady() throws Exception {
			long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
			String readiness = "http://localhost:" + this.managementPort + "/health/readiness";
			while (System.nanoTime() < deadline) {
				assertThat(this.process.isAlive()).as("the service exited early; see %s", this.logFile).isTrue();
				try {
					if (new Browser().get(readiness).statusCode() == 200) {
						return Duration.ofNanos(System.nanoTime() - this.startedAt).toMillis();
					}
				}
				catch (RuntimeException notYet) {
					// connection refused while starting
				}
				Thread.sleep(100);
			}
			throw new AssertionError("not ready within " + READY_TIMEOUT + "; see " + this.logFile);
		}

		String log() throws IOException {
			return Files.readString(this.logFile);
		}

		long rssKib() throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			return -1;
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}
}
