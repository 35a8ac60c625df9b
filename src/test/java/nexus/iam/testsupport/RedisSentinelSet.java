package nexus.iam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

/**
 * A real Redis Sentinel set-up on loopback, as production runs it with Debian's packages: one
 * primary, one replica and three sentinels (quorum 2), each its own {@code redis-server} or
 * {@code redis-sentinel} process on a free port, with nothing kept on disk beyond a temporary
 * folder. The sentinels declare a primary down after one second without an answer (production
 * keeps the default 30 s) so that a failover takes seconds. {@link #close} stops every process.
 */
public final class RedisSentinelSet implements AutoCloseable {

	/** The name the sentinels monitor the primary under. */
	public static final String MASTER = "nexus";

	/** {@code sentinel down-after-milliseconds} of this set-up. */
	public static final Duration DOWN_AFTER = Duration.ofSeconds(1);

	private final Path dir;

	private final List<Process> processes = new ArrayList<>();

	private final int primaryPort;

	private final int replicaPort;

	private final List<Integer> sentinelPorts = new ArrayList<>();

	private Process primary;

	/** One client for the test's own look-ups (roles, sentinel state), each on a short connection. */
	private final RedisClient client = RedisClient.create();

	private RedisSentinelSet(Path dir) {
		this.dir = dir;
		this.primaryPort = FreePorts.next();
		this.replicaPort = FreePorts.next();
	}

	/** Starts all five processes and returns once the replica is in sync and every sentinel knows the others. */
	public static RedisSentinelSet start() {
		RedisSentinelSet set;
		try {
			set = new RedisSentinelSet(Files.createTempDirectory("nexus-sentinel"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			set.primary = set.server(set.primaryPort);
			set.server(set.replicaPort, "--replicaof", "127.0.0.1", Integer.toString(set.primaryPort));
			set.await("the replica in sync", () -> set.info(set.replicaPort).contains("master_link_status:up"));
			for (int i = 0; i < 3; i++) {
				set.sentinel(FreePorts.next());
			}
			set.await("three sentinels that know the replica and each other", () -> set.sentinelPorts.stream()
				.allMatch((port) -> "1".equals(set.masterState(port).get("num-slaves"))
						&& "2".equals(set.masterState(port).get("num-other-sentinels"))));
			return set;
		}
		catch (RuntimeException ex) {
			set.close();
			throw ex;
		}
	}

	/** {@code NEXUS_REDIS_SENTINEL_NODES}: the three sentinels. */
	public String nodes() {
		return this.sentinelPorts.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	public int primaryPort() {
		return this.primaryPort;
	}

	public int replicaPort() {
		return this.replicaPort;
	}

	/** Kills the primary as a crash would (SIGKILL): no goodbye to clients, replicas or sentinels. */
	public void killPrimary() {
		this.primary.destroyForcibly();
		try {
			this.primary.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The port of the server the first sentinel that answers names as the primary now. */
	public int currentPrimaryPort() {
		for (int port : this.sentinelPorts) {
			try (StatefulRedisSentinelConnection<String, String> sentinel = this.client
				.connectSentinel(RedisURI.create("127.0.0.1", port))) {
				SocketAddress address = sentinel.sync().getMasterAddrByName(MASTER);
				return ((InetSocketAddress) address).getPort();
			}
			catch (RuntimeException ex) {
				// ask the next one
			}
		}
		throw new IllegalStateException("no sentinel answers");
	}

	/** A plain connection to one of the servers, e.g. to look at the promoted replica's keys. */
	public StatefulRedisConnection<String, String> connect(int port) {
		return this.client.connect(RedisURI.create("127.0.0.1", port));
	}

	private Process server(int port, String... extra) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir.toString(), "--logfile",
				this.dir.resolve("redis-" + port + ".log").toString()));
		command.addAll(List.of(extra));
		Process process = launch(command);
		await("redis-server on " + port, () -> info(port).contains("redis_version"));
		return process;
	}

	private void sentinel(int port) {
		Path config = this.dir.resolve("sentinel-" + port + ".conf");
		String text = String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + this.dir,
				"logfile " + this.dir.resolve("sentinel-" + port + ".log"),
				"sentinel monitor " + MASTER + " 127.0.0.1 " + this.primaryPort + " 2",
				"sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER.toMillis(),
				"sentinel failover-timeout " + MASTER + " 10000", "sentinel parallel-syncs " + MASTER + " 1", "");
		try {
			Files.writeString(config, text); // the sentinel rewrites it: its own copy, writable
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		launch(List.of("redis-sentinel", config.toString()));
		this.sentinelPorts.add(port);
	}

	private Process launch(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("process-" + this.processes.size() + ".out").toFile())
				.start();
			this.processes.add(process);
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("redis-server and redis-sentinel must be installed (see .ci/run)", ex);
		}
	}

	private String info(int port) {
		try (StatefulRedisConnection<String, String> connection = connect(port)) {
			return connection.sync().info("all");
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	private Map<String, String> masterState(int port) {
		try (StatefulRedisSentinelConnection<String, String> sentinel = this.client
			.connectSentinel(RedisURI.create("127.0.0.1", port))) {
			return sentinel.sync().master(MASTER);
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	private void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Redis Sentinel set-up: no " + what + " after a minute; logs in " + this.dir);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	@Override
	public void close() {
		this.client.shutdown();
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try (Stream<Path> files = Files.walk(this.dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder: nothing to do
		}
	}
}
