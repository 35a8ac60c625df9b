package nexus.iam.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deny-list's fast copy in Redis: a key per entry with a TTL until it stops mattering
 * ({@code revoked:jwt:{jti}}, {@code revoked:session:{sid}}, {@code revoked:user:{id}} holding the
 * cut-off in epoch milliseconds), a marker key that says the copy was built, and a pub/sub channel
 * that carries each new entry to every node.
 * <p>
 * Two connections, each opened on first use (Redis may be down when the node starts) and then
 * reconnecting by themselves: one for commands, one subscribed to the channel (Lettuce subscribes
 * it again after a reconnection).
 */
final class RedisRevocationBus implements RevocationBus, AutoCloseable {

	static final String CHANNEL = "nexus:revocations";

	static final String MARKER = "revoked:loaded";

	private static final Duration REBUILD_PAGE_TIMEOUT = Duration.ofSeconds(30);

	/** SETs sent in one flush during a rebuild. */
	private static final int PIPELINE_BATCH = 1_000;

	/**
	 * The marker expires, so that nothing of a deployment or test run that is gone stays in a shared
	 * Redis for ever; when it does, the next poll rebuilds the copy from PostgreSQL (idempotent).
	 */
	static final Duration MARKER_LIFETIME = Duration.ofDays(1);

	/** {@code nexus.redis.key-prefix}, before every key and the channel. */
	private final String prefix;

	private final String channel;

	private static final Logger log = LoggerFactory.getLogger(RedisRevocationBus.class);

	private final RedisClient client;

	private final List<Consumer<Revocation>> handlers = new CopyOnWriteArrayList<>();

	private final Clock clock;

	private final Timer propagationLag;

	private final Object connecting = new Object();

	private volatile @Nullable StatefulRedisConnection<String, String> commands;

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	RedisRevocationBus(RedisClient client, String prefix, Clock clock, MeterRegistry registry) {
		this.client = client;
		this.prefix = prefix;
		this.channel = prefix + CHANNEL;
		this.clock = clock;
		this.propagationLag = Timer.builder("revocation.propagation.lag")
			.description("From a revocation's publication on one node to its arrival here, by the two nodes' clocks")
			.publishPercentileHistogram()
			.register(registry);
		try {
			subscribe();
		}
		catch (RuntimeException ex) {
			// the node starts degraded (PostgreSQL polling covers the gap) and subscribes when the
			// bus is rebuilt
			log.warn("Cannot subscribe to {} yet: {}", this.channel, ex.getMessage());
		}
	}

	/**
	 * Subscribes unless subscribed. Fails while Redis cannot be reached, or while the subscription
	 * is reconnecting: entries published meanwhile would be missed, so the bus is not to be trusted.
	 */
	private void subscribe() {
		synchronized (this.connecting) {
			StatefulRedisPubSubConnection<String, String> current = this.subscription;
			if (current != null) {
				if (!current.isOpen()) {
					throw new IllegalStateException("The subscription to " + this.channel + " is reconnecting");
				}
				return;
			}
			StatefulRedisPubSubConnection<String, String> opened = this.client.connectPubSub();
			opened.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					onMessage(message);
				}
			});
			try {
				opened.sync().subscribe(this.channel);
			}
			catch (RuntimeException ex) {
				opened.close();
				throw ex;
			}
			this.subscription = opened;
		}
	}

	/** The command connection, opened on first use; fails fast while Redis cannot be reached. */
	private RedisCommands<String, String> redis() {
		StatefulRedisConnection<String, String> current = this.commands;
		if (current == null) {
			synchronized (this.connecting) {
				current = this.commands;
				if (current == null) {
					current = this.client.connect();
					this.commands = current;
				}
			}
		}
		return current.sync();
	}

	@Override
	public void publish(Revocation revocation) {
		write(revocation);
		// the publisher's clock travels along, for the propagation-lag metric
		redis().publish(this.channel, revocation.encode() + "|" + this.clock.millis());
	}

	@Override
	public void listen(Consumer<Revocation> handler) {
		this.handlers.add(handler);
	}

	@Override
	public boolean contains(Revocation.Kind kind, String value) {
		return redis().exists(this.prefix + key(kind, value)) == 1;
	}

	@Override
	public boolean reachable() {
		try {
			return "PONG".equalsIgnoreCase(redis().ping());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public boolean populated() {
		return redis().exists(this.prefix + MARKER) == 1;
	}

	@Override
	public void rebuild(ActiveRevocations active) {
		subscribe();
		// a connection of its own, pipelined: a page's SETs go out in one flush and are awaited
		// together, a round trip a page instead of one an entry
		try (StatefulRedisConnection<String, String> pipeline = this.client.connect()) {
			pipeline.setAutoFlushCommands(false);
			// the configured command timeout (500 ms) suits one command; a pipelined batch is
			// answered as a whole, and is given the page timeout instead
			pipeline.setTimeout(REBUILD_PAGE_TIMEOUT);
			RedisAsyncCommands<String, String> async = pipeline.async();
			active.forEachPage((page) -> {
				for (int from = 0; from < page.size(); from += PIPELINE_BATCH) {
					writePipelined(pipeline, async, page.subList(from, Math.min(page.size(), from + PIPELINE_BATCH)));
				}
			});
		}
		redis().set(this.prefix + MARKER, this.clock.instant().toString(), SetArgs.Builder.px(MARKER_LIFETIME.toMillis()));
	}

	@Override
	public String kind() {
		return "redis";
	}

	/** One flush of {@code SET}s, awaited together. */
	private void writePipelined(StatefulRedisConnection<String, String> pipeline, RedisAsyncCommands<String, String> async,
			List<Revocation> batch) {
		List<RedisFuture<String>> writes = new ArrayList<>(batch.size());
		for (Revocation revocation : batch) {
			Duration ttl = ttl(revocation);
			if (ttl != null) {
				writes.add(async.set(this.prefix + key(revocation.kind(), revocation.value()), value(revocation),
						SetArgs.Builder.px(ttl.toMillis())));
			}
		}
		pipeline.flushCommands();
		if (!LettuceFutures.awaitAll(REBUILD_PAGE_TIMEOUT, writes.toArray(new RedisFuture<?>[0]))) {
			throw new IllegalStateException("Redis did not confirm a batch of the rebuild in " + REBUILD_PAGE_TIMEOUT);
		}
	}

	private void write(Revocation revocation) {
		Duration ttl = ttl(revocation);
		if (ttl != null) {
			redis().set(this.prefix + key(revocation.kind(), revocation.value()), value(revocation), SetArgs.Builder.px(ttl.toMillis()));
		}
	}

	/** How long the key must live, or null when the entry no longer matters. */
	private @Nullable Duration ttl(Revocation revocation) {
		Duration ttl = Duration.between(this.clock.instant(), revocation.expiresAt());
		return (ttl.isNegative() || ttl.isZero()) ? null : ttl;
	}

	private static String value(Revocation revocation) {
		return (revocation.notBefore() != null) ? Long.toString(revocation.notBefore().toEpochMilli()) : "1";
	}

	/** Closes both connections; the client belongs to the configuration that made it. */
	@Override
	public void close() {
		StatefulRedisPubSubConnection<String, String> listening = this.subscription;
		if (listening != null) {
			listening.close();
		}
		StatefulRedisConnection<String, String> current = this.commands;
		if (current != null) {
			current.close();
		}
	}

	private void onMessage(String body) {
		Revocation revocation;
		long publishedAt;
		try {
			int timestamp = body.lastIndexOf('|');
			revocation = Revocation.decode(body.substring(0, timestamp));
			publishedAt = Long.parseLong(body.substring(timestamp + 1));
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring a malformed message on {}", this.channel);
			return;
		}
		this.handlers.forEach((handler) -> handler.accept(revocation));
		this.propagationLag.record(Math.max(0, this.clock.millis() - publishedAt), TimeUnit.MILLISECONDS);
	}

	static String key(Revocation.Kind kind, String value) {
		return "revoked:" + kind.key() + ":" + value;
	}
}
