package nexus.iam.revocation;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

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
		StringRedisTemplate redis = template();
		redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		return bus;
	}

	@Override
	protected RevocationBus otherNode() {
		return connect();
	}

	@AfterEach
	void close() throws Exception {
		// listeners first, then their connections
		for (AutoCloseable closeable : this.opened.reversed()) {
			closeable.close();
		}
	}

	private RedisRevocationBus connect() {
		StringRedisTemplate template = template();
		RedisMessageListenerContainer container = RedisRevocationBus.container(template.getConnectionFactory());
		container.afterPropertiesSet();
		this.opened.add(container::destroy);
		return new RedisRevocationBus(template, container, this.clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
	}

	private StringRedisTemplate template() {
		java.net.URI uri = java.net.URI.create(TestRedis.URL);
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
		server.setDatabase(DATABASE);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
		factory.afterPropertiesSet();
		factory.start();
		this.opened.add(factory::destroy);
		return new StringRedisTemplate(factory);
	}
}
