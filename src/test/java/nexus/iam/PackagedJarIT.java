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
			Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus-iam.jar")).toAbsolutePath();
			assertThat(jar).exists();
			Path logFile = Path.of("target", "embedded-default-" + name + ".log").toAbsolutePath();
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", jar.toString())).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(logFile.toFile());
			Map<String, String> env = builder.environment();
			env.keySet().removeIf((key) -> key.startsWith("NEXUS_") || key.startsWith("SPRING_"));
			env.put("NEXUS_PORT", Integer.toString(port));
			env.put("NEXUS_MANAGEMENT_PORT", Integer.toString(managementPort));
			long startedAt = System.nanoTime();
			return new RunningJar(builder.start(), logFile, startedAt, managementPort);
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
