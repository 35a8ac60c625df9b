package nexus.iam.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.event.connection.ConnectedEvent;
import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Lettuce resources of the service's Redis client: one set of I/O threads, and one place that
 * measures each command ({@code redis_operation_duration_seconds}, see {@code ObservabilityConfiguration}), traces
 * it as a span of the request that sent it, and counts open connections
 * ({@code redis_connections_active}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisConfigured.class)
class RedisResourcesConfiguration {

	@Bean(destroyMethod = "shutdown")
	ClientResources redisClientResources(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations,
			Environment environment) {
		DefaultClientResources.Builder builder = DefaultClientResources.builder()
			// back within a second of Redis returning (Lettuce's default backs off to 30 s): the
			// revocation bus stays degraded, polling PostgreSQL, until its connections are up again
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry,
					MicrometerOptions.builder().histogram(true).localDistinction(false).build()));
		if (StringUtils.hasText(environment.getProperty("nexus.tracing.otlp-endpoint"))) {
			// a client span per command, under the request's span; never the arguments (keys, tokens).
			// Only when spans are exported: otherwise every command would pay for one for nothing
			builder.tracing(new MicrometerTracing(observations.getIfAvailable(() -> ObservationRegistry.NOOP), "redis",
					false));
		}
		ClientResources resources = builder.build();
		AtomicInteger open = new AtomicInteger();
		resources.eventBus().get().subscribe((event) -> {
			if (event instanceof ConnectedEvent) {
				open.incrementAndGet();
			}
			else if (event instanceof DisconnectedEvent) {
				open.decrementAndGet();
			}
		});
		Gauge.builder("redis.connections.active", open, AtomicInteger::get)
			.description("Open connections to Redis")
			.register(registry);
		return resources;
	}
}
