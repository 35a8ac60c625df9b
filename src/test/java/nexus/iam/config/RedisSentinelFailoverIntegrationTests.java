package nexus.iam.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import nexus.iam.revocation.RevocationService;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionEndReason;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;
import nexus.iam.session.SessionService.StartedSession;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.RedisSentinelSet;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestRedis;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis Sentinel: two nodes configured with the sentinels (not a server), under steady load, while
 * the primary is killed. No request may fail, every revocation must reach both nodes within the
 * documented bound throughout, and once the sentinels have promoted the replica both nodes are back
 * on Redis, with shared rate limits. The figures are printed (see docs/operations/redis.md).
 */
class RedisSentinelFailoverIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The documented bound while Redis fails over (docs/security.md, "When Redis is lost"): a node
	 * that still believes its subscription reads PostgreSQL at its safety poll (5 s), a degraded
	 * one every poll interval (1 s); plus one poll interval for the poll itself to run.
	 */
	private static final Duration REVOCATION_BOUND = Duration.ofSeconds(6);

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Test
	void killingThePrimaryUnderLoadFailsNoRequestAndLosesNoRevocation() throws Exception {
		try (RedisSentinelSet redis = RedisSentinelSet.start()) {
			Map<String, String> settings = nodeSettings();
			settings.remove("nexus.redis.url");
			settings.put("nexus.redis.sentinel.nodes", redis.nodes());
			settings.put("nexus.redis.sentinel.master", RedisSentinelSet.MASTER);
			settings.put("nexus.rate-limit.account", "6/1m");
			try (Node a = Node.start(settings); Node b = Node.start(settings)) {
				List<Node> nodes = List.of(a, b);
				awaitUpTo(Duration.ofSeconds(30), "both nodes on Redis through the sentinels",
						() -> nodes.stream().noneMatch(RedisSentinelFailoverIntegrationTests::degraded));
				User user = newUser();
				String loadToken = start(a, user).tokens().accessToken();

				Load load = new Load(nodes, loadToken);
				load.start(4);
				Thread.sleep(1500);
				Probes probes = new Probes(nodes, user);
				probes.probe(3); // before the failover: through pub/sub

				// the failover, watched from outside
				AtomicLong killedAt = new AtomicLong();
				AtomicLong promotedAt = new AtomicLong();
				AtomicLong recoveredAt = new AtomicLong();
				Map<Integer, Boolean> sawDegraded = new ConcurrentHashMap<>();
				AtomicBoolean watching = new AtomicBoolean(true);
				Thread watcher = Thread.ofPlatform().start(() -> {
					while (watching.get()) {
						for (int i = 0; i < nodes.size(); i++) {
							if (degraded(nodes.get(i))) {
								sawDegraded.put(i, true);
							}
						}
						if (promotedAt.get() == 0 && redis.currentPrimaryPort() == redis.replicaPort()) {
							promotedAt.set(System.nanoTime());
						}
						if (promotedAt.get() != 0 && recoveredAt.get() == 0
								&& nodes.stream().noneMatch(RedisSentinelFailoverIntegrationTests::degraded)) {
							recoveredAt.set(System.nanoTime());
						}
						sleep(50);
					}
				});
				long requestsBefore = load.requests.get();
				killedAt.set(System.nanoTime());
				redis.killPrimary();
				// revocations go on during the failover, made on either node
				while (recoveredAt.get() == 0 && System.nanoTime() - killedAt.get() < TimeUnit.SECONDS.toNanos(60)) {
					probes.probe(1);
				}
				long requestsDuringFailover = load.requests.get() - requestsBefore;
				probes.probe(3); // after it, on the promoted replica
				Thread.sleep(1000);
				load.stop();
				watching.set(false);
				watcher.join();

				double toPromotion = seconds(promotedAt.get() - killedAt.get());
				double toRecovery = seconds(recoveredAt.get() - killedAt.get());
				System.out.printf(
						"Redis Sentinel failover (down-after %d ms): %d requests in all, %d from the kill until both nodes were back on Redis, "
								+ "%d failed; replica promoted after %.1f s, both nodes back on Redis after %.1f s; "
								+ "%d revocations, slowest reached both nodes in %d ms (from the kill on: %d revocations, slowest %d ms)%n",
						RedisSentinelSet.DOWN_AFTER.toMillis(), load.requests.get(), requestsDuringFailover,
						load.failures.get(), toPromotion, toRecovery, probes.count, probes.slowest.toMillis(),
						probes.countSinceMark, probes.slowestSinceMark.toMillis());

				assertThat(load.failures.get()).as("failed requests; first: %s", load.firstFailure.get()).isZero();
				assertThat(requestsDuringFailover).as("requests served during the failover").isPositive();
				assertThat(promotedAt.get()).as("the sentinels promoted the replica").isPositive();
				assertThat(recoveredAt.get()).as("both nodes back on Redis").isPositive();
				assertThat(sawDegraded).as("both nodes noticed the primary was gone").hasSize(2);
				assertThat(probes.failures).as("revocations that did not reach both nodes within %s", REVOCATION_BOUND)
					.isEmpty();
				assertThat(probes.countSinceMark).as("revocations made during the failover").isPositive();

				// Redis was rebuilt from PostgreSQL on the promoted replica
				try (StatefulRedisConnection<String, String> promoted = redis.connect(redis.replicaPort())) {
					awaitUpTo(Duration.ofSeconds(10), "the deny-list's marker on the promoted replica",
							() -> promoted.sync().exists(TestRedis.PREFIX + "revoked:loaded") == 1);
				}
				// rate limits are shared again: six changes allowed across both nodes, then refused
				String fresh = start(a, newUser()).tokens().accessToken();
				List<Integer> statuses = new ArrayList<>();
				for (int i = 0; i < 7; i++) {
					statuses.add(send(nodes.get(i % 2), "DELETE", "/api/me/sessions/" + UUID.randomUUID(), fresh).statusCode());
				}
				assertThat(statuses.subList(0, 6)).containsOnly(404);
				assertThat(statuses.get(6)).as("the seventh change of one user across two nodes").isEqualTo(429);
			}
		}
	}

	/** Steady requests on both nodes: a verified access token (with its deny-list check) and a rate-limited sign-in start. */
	private static final class Load {

		private final List<Node> nodes;

		private final String token;

		final AtomicLong requests = new AtomicLong();

		final AtomicLong failures = new AtomicLong();

		final AtomicReference<String> firstFailure = new AtomicReference<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		Load(List<Node> nodes, String token) {
			this.nodes = nodes;
			this.token = token;
		}

		void start(int count) {
			for (int t = 0; t < count; t++) {
				int offset = t;
				this.threads.add(Thread.ofPlatform().start(() -> {
					for (long i = offset; this.running.get(); i++) {
						Node node = this.nodes.get((int) (i % 2));
						check(node, "GET", "/api/me", this.token, 200);
						check(node, "GET", "/api/auth/google/login", null, 302);
					}
				}));
			}
		}

		private void check(Node node, String method, String path, String bearer, int expected) {
			this.requests.incrementAndGet();
			String outcome;
			try {
				int status = send(node, method, path, bearer).statusCode();
				outcome = (status == expected) ? null : method + " " + path + ": " + status;
			}
			catch (RuntimeException ex) {
				outcome = method + " " + path + ": " + ex;
			}
			if (outcome != null) {
				this.failures.incrementAndGet();
				this.firstFailure.compareAndSet(null, outcome);
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join();
			}
		}
	}

	/** Sessions started and ended on alternate nodes, each timed until both nodes refuse its access token. */
	private static final class Probes {

		private final List<Node> nodes;

		private final User user;

		int count;

		int countSinceMark;

		Duration slowest = Duration.ZERO;

		Duration slowestSinceMark = Duration.ZERO;

		final List<String> failures = new ArrayList<>();

		private boolean marked;

		Probes(List<Node> nodes, User user) {
			this.nodes = nodes;
			this.user = user;
		}

		void probe(int times) {
			for (int i = 0; i < times; i++) {
				Node revoking = this.nodes.get(this.count % 2);
				StartedSession session = start(revoking, this.user);
				String token = session.tokens().accessToken();
				for (Node node : this.nodes) {
					assertThat(send(node, "GET", "/api/me", token).statusCode()).isEqualTo(200);
				}
				long revokedAt = System.nanoTime();
				revoking.bean(SessionService.class)
					.revoke(session.id(), SessionEndReason.SIGN_OUT, new ClientContext("127.0.0.1", "probe"));
				boolean refusedEverywhere = false;
				while (!refusedEverywhere && System.nanoTime() - revokedAt < REVOCATION_BOUND.toNanos()) {
					refusedEverywhere = this.nodes.stream()
						.allMatch((node) -> send(node, "GET", "/api/me", token).statusCode() == 401);
					if (!refusedEverywhere) {
						sleep(20);
					}
				}
				Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
				if (!refusedEverywhere) {
					this.failures.add("session " + session.id() + " still accepted after " + took.toMillis() + " ms");
				}
				this.count++;
				this.slowest = max(this.slowest, took);
				if (this.marked) {
					this.countSinceMark++;
					this.slowestSinceMark = max(this.slowestSinceMark, took);
				}
			}
			this.marked = true; // every probe after the first round counts as during or after the failover
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}
	}

	private record User(UUID id, UUID identityId) {
	}

	private static User newUser() throws Exception {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "sentinel-" + UUID.randomUUID() + "@example.com");
		UUID userId = UUID.fromString(JSON.readTree(browser.get(url("/api/me")).body()).get("id").asString());
		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db.prepareStatement("SELECT id FROM user_identities WHERE user_id = ?")) {
			query.setObject(1, userId);
			try (ResultSet rs = query.executeQuery()) {
				rs.next();
				return new User(userId, rs.getObject(1, UUID.class));
			}
		}
	}

	private static StartedSession start(Node node, User user) {
		return node.bean(SessionService.class)
			.start(user.id(), user.identityId(), "google", List.of("google"), new SessionOrigin(
					new ClientContext("127.0.0.1", "sentinel test"), "desktop", "Firefox 140", "Linux", null, null));
	}

	private static HttpResponse<String> send(Node node, String method, String path, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path)))
			.timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean degraded(Node node) {
		return node.bean(RevocationService.class).degraded();
	}

	private static void awaitUpTo(Duration limit, String what, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
			sleep(50);
		}
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
