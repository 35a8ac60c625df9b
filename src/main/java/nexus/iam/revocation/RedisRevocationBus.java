package nexus.iam.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The deny-list's fast copy in Redis: a key per entry with a TTL until it stops mattering
 * ({@code revoked:jwt:{jti}}, {@code revoked:session:{sid}}, {@code revoked:user:{id}} holding the
 * cut-off in epoch milliseconds), a marker key that says the copy was built, and a pub/sub channel
 * that carries each new entry to every node.
 */
final class RedisRevocationBus implements RevocationBus {

	static final String CHANNEL = "nexus:revocations";

	static final String MARKER = "revoked:loaded";

	private static final Logger log = LoggerFactory.getLogger(RedisRevocationBus.class);

	private final StringRedisTemplate redis;

	private final RedisMessageListenerContainer container;

	private final List<Consumer<Revocation>> handlers = new CopyOnWriteArrayList<>();

	private final Clock clock;

	private final Timer propagationLag;

	/**
	 * @param container the subscription, a Spring-managed bean so that it stops before the
	 * connection factory it depends on
	 */
	RedisRevocationBus(StringRedisTemplate redis, RedisMessageListenerContainer container, Clock clock,
			MeterRegistry registry) {
		this.redis = redis;
		this.clock = clock;
		this.propagationLag = Timer.builder("revocation.propagation.lag")
			.description("From a revocation's publication on one node to its arrival here, by the two nodes' clocks")
			.publishPercentileHistogram()
			.register(registry);
		this.container = container;
		this.container.addMessageListener(this::onMessage, new ChannelTopic(CHANNEL));
		startListening();
	}

	/**
	 * Subscribes unless already subscribed. Redis may be down at start-up: then the node starts
	 * degraded (PostgreSQL polling covers the gap) and subscribes when the bus is rebuilt.
	 */
	private void startListening() {
		if (this.container.isRunning()) {
			return;
		}
		try {
			this.container.start();
		}
		catch (RuntimeException ex) {
			log.warn("Cannot subscribe to {} yet: {}", CHANNEL, ex.getMessage());
			// a failed start leaves the container marked as started: reset it so that the next
			// rebuild (when Redis is back) subscribes for real
			this.container.stop();
		}
	}

	/** A listener container for {@link #CHANNEL} that retries every second while Redis is away. */
	static RedisMessageListenerContainer container(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setRecoveryInterval(1000);
		// started by the bus, which tolerates Redis being down; stopped by Spring before the factory
		container.setAutoStartup(false);
		return container;
	}

	@Override
	public void publish(Revocation revocation) {
		write(revocation);
		// the publisher's clock travels along, for the propagation-lag metric
		this.redis.convertAndSend(CHANNEL, revocation.encode() + "|" + this.clock.millis());
	}

	@Override
	public void listen(Consumer<Revocation> handler) {
		this.handlers.add(handler);
	}

	@Override
	public boolean contains(Revocation.Kind kind, String value) {
		return Boolean.TRUE.equals(this.redis.hasKey(key(kind, value)));
	}

	@Override
	public boolean reachable() {
		try {
			return "PONG".equalsIgnoreCase(this.redis.execute((org.springframework.data.redis.core.RedisCallback<String>) (
					connection) -> connection.ping()));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public boolean populated() {
		return Boolean.TRUE.equals(this.redis.hasKey(MARKER));
	}

	@Override
	public void rebuild(List<Revocation> active) {
		startListening();
		active.forEach(this::write);
		this.redis.opsForValue().set(MARKER, this.clock.instant().toString());
	}

	@Override
	public String kind() {
		return "redis";
	}

	private void write(Revocation revocation) {
		Duration ttl = Duration.between(this.clock.instant(), revocation.expiresAt());
		if (ttl.isNegative() || ttl.isZero()) {
			return;
		}
		String value = (revocation.notBefore() != null) ? Long.toString(revocation.notBefore().toEpochMilli()) : "1";
		this.redis.opsForValue().set(key(revocation.kind(), revocation.value()), value, ttl);
	}

	private void onMessage(Message message, byte[] pattern) {
		Revocation revocation;
		long publishedAt;
		try {
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			int timestamp = body.lastIndexOf('|');
			revocation = Revocation.decode(body.substring(0, timestamp));
			publishedAt = Long.parseLong(body.substring(timestamp + 1));
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring a malformed message on {}", CHANNEL);
			return;
		}
		this.handlers.forEach((handler) -> handler.accept(revocation));
		this.propagationLag.record(Math.max(0, this.clock.millis() - publishedAt), TimeUnit.MILLISECONDS);
	}

	static String key(Revocation.Kind kind, String value) {
		return "revoked:" + kind.key() + ":" + value;
	}
}
