package nexus.iam.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production bus against this machine's real Redis, each test in a key space (keys and
 * channel) of its own under the run's prefix.
 */
class RedisRevocationBusTests extends RevocationBusContract {

	private static final AtomicInteger TESTS = new AtomicInteger();

	private final String prefix = TestRedis.prefix("bus-" + TESTS.incrementAndGet());

	private final List<AutoCloseable> opened = new ArrayList<>();

	@Override
	protected RevocationBus emptyBus() {
		RedisRevocationBus bus = connect();
		TestRedis.deleteAll(this.prefix);
		return bus;
	}

	@Override
	protected RevocationBus otherNode() {
		return connect();
	}

	@Test
	void anotherKeyPrefixThenNeitherEntriesNorMessagesMeet() throws InterruptedException {
		RedisRevocationBus bus = connect();
		String otherPrefix = TestRedis.prefix("bus-other-" + TESTS.incrementAndGet());
		RedisRevocationBus stranger = new RedisRevocationBus(client(), otherPrefix, this.clock, new SimpleMeterRegistry());
		this.opened.add(stranger);
		BlockingQueue<Revocation> heard = new LinkedBlockingQueue<>();
		stranger.listen(heard::add);
		RedisRevocationBus neighbour = connect();
		BlockingQueue<Revocation> heardByNeighbour = new LinkedBlockingQueue<>();
		neighbour.listen(heardByNeighbour::add);
		Revocation revocation = new Revocation(Revocation.Kind.JTI, UUID.randomUUID().toString(), null,
				this.clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

		bus.publish(revocation);
		bus.rebuild((page) -> page.accept(List.of()));

		assertThat(heardByNeighbour.poll(2, TimeUnit.SECONDS)).as("same prefix: heard").isEqualTo(revocation);
		assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("other prefix: not heard").isNull();
		assertThat(stranger.contains(Revocation.Kind.JTI, revocation.value())).isFalse();
		assertThat(stranger.populated()).isFalse();
		try (var connection = client().connect()) {
			assertThat(connection.sync().pttl(this.prefix + RedisRevocationBus.MARKER)).as("the marker expires")
				.isBetween(1L, RedisRevocationBus.MARKER_LIFETIME.toMillis());
		}
		TestRedis.deleteAll(otherPrefix);
	}

	@AfterEach
	void close() throws Exception {
		// buses first, then their clients
		for (AutoCloseable closeable : this.opened.reversed()) {
			closeable.close();
		}
		TestRedis.deleteAll(this.prefix);
	}

	private RedisRevocationBus connect() {
		RedisRevocationBus bus = new RedisRevocationBus(client(), this.prefix, this.clock, new SimpleMeterRegistry());
		this.opened.add(bus);
		return bus;
	}

	private RedisClient client() {
		RedisClient client = RedisClient.create(TestRedis.URL);
		this.opened.add(client::shutdown);
		return client;
	}
}
