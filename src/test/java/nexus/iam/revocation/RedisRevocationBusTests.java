package nexus.iam.revocation;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;

import nexus.iam.testsupport.TestRedis;

/**
 * The production bus against this machine's real Redis, in a database index of its own (pub/sub
 * channels are server-wide, but the tests' messages carry fresh ids).
 */
class RedisRevocationBusTests extends RevocationBusContract {

	private static final int DATABASE = 7;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@Override
	protected RevocationBus emptyBus() {
		RedisRevocationBus bus = connect();
		try (StatefulRedisConnection<String, String> connection = client().connect()) {
			connection.sync().flushdb();
		}
		return bus;
	}

	@Override
	protected RevocationBus otherNode() {
		return connect();
	}

	@AfterEach
	void close() throws Exception {
		// buses first, then their clients
		for (AutoCloseable closeable : this.opened.reversed()) {
			closeable.close();
		}
	}

	private RedisRevocationBus connect() {
		RedisRevocationBus bus = new RedisRevocationBus(client(), this.clock, new SimpleMeterRegistry());
		this.opened.add(bus);
		return bus;
	}

	private RedisClient client() {
		RedisURI uri = RedisURI.create(TestRedis.URL);
		uri.setDatabase(DATABASE);
		RedisClient client = RedisClient.create(uri);
		this.opened.add(client::shutdown);
		return client;
	}
}
