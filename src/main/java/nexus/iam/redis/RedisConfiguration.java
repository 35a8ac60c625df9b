package nexus.iam.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis client, when a URL is configured, shared by the revocation bus and the rate limiter:
 * Lettuce itself, without a template layer (the service sends a handful of plain commands). Commands
 * fail fast while Redis is away (short timeout, no queueing while disconnected) so that a Redis
 * outage degrades the service instead of stalling its requests; connections reconnect by themselves.
 * With Sentinel each connect and reconnect asks the sentinels for the current primary, so after a
 * failover the connections come back on the promoted replica.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisConfigured.class)
class RedisConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedisClient redisClient(RedisProperties properties, ClientResources resources) {
		RedisURI uri = RedisUris.of(properties);
		RedisClient client = RedisClient.create(resources, uri);
		client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(properties.commandTimeout()).build())
			.build());
		return client;
	}
}
