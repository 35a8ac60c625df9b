package nexus.iam.revocation;

import java.time.Clock;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import nexus.iam.redis.RedisConfigured;
import nexus.iam.redis.RedisProperties;
import nexus.iam.restore.RestoreEpoch;
import nexus.iam.token.TokenProperties;

@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	RevocationCache revocationCache(RevocationProperties properties) {
		return new RevocationCache(properties.maxCachedEntries());
	}

	/** Redis when a connection is configured. */
	@Bean
	@Conditional(RedisConfigured.class)
	RevocationBus redisRevocationBus(RedisClient redis, RedisProperties properties, Clock clock,
			MeterRegistry registry) {
		return new RedisRevocationBus(redis, properties.keyPrefix(), clock, registry);
	}

	/** The embedded default's stand-in, without Redis. */
	@Bean
	@Conditional(RedisConfigured.Not.class)
	RevocationBus inProcessRevocationBus(Clock clock) {
		return new InProcessRevocationBus(clock);
	}

	@Bean
	@DependsOnDatabaseInitialization
	RevocationSync revocationSync(RevocationRepository repository, RevocationCache cache, RevocationBus bus,
			RevocationProperties properties, Clock clock) {
		return new RevocationSync(repository, cache, bus, properties, clock);
	}

	@Bean
	RevocationService revocationService(RevocationRepository repository, RevocationCache cache, RevocationBus bus,
			RevocationSync sync, TokenProperties tokens, Clock clock, RestoreEpoch restoreEpoch) {
		return new RevocationService(repository, cache, bus, sync, tokens.accessTokenLifetime(), clock, restoreEpoch);
	}

	@Bean
	SchedulingConfigurer revocationSchedule(RevocationSync sync, RevocationProperties properties) {
		return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(sync::tick,
				properties.pollInterval());
	}

	/** Readiness stays UP in degraded mode (the node serves correctly); the details say so. */
	@Bean
	HealthIndicator revocationHealthIndicator(RevocationSync sync, RevocationCache cache) {
		return () -> Health.up()
			.withDetails(Map.of("bus", sync.busKind(), "degraded", sync.degraded(), "entries", cache.size(),
					"overflowed", cache.overflowed(), "rebuilding", sync.rebuilding()))
			.build();
	}

	@Bean
	MeterBinder revocationMeters(RevocationSync sync, RevocationCache cache) {
		return (registry) -> {
			Gauge.builder("revocation_degraded", sync, (s) -> s.degraded() ? 1 : 0)
				.description("1 while this node cannot reach the revocation bus and polls PostgreSQL instead")
				.register(registry);
			Gauge.builder("revocation_cache_entries", cache, RevocationCache::size)
				.description("Active deny-list entries in this node's memory")
				.register(registry);
			Gauge.builder("revocation_cache_bytes", cache, RevocationCache::footprintBytes)
				.description("Heap the in-memory deny-list's arrays take")
				.register(registry);
			Gauge.builder("revocation_cache_overflowed", cache, (c) -> c.overflowed() ? 1 : 0)
				.description("1 while the deny-list exceeds nexus.revocation.max-cached-entries and tokens are checked in PostgreSQL")
				.register(registry);
		};
	}
}
