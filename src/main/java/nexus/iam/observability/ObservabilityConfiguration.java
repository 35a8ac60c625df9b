package nexus.iam.observability;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerMapping;

/** The request filter and the metric names the platform's dashboards query. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/** Right after the trusted-proxy filter (the very first), before Spring Security. */
	@Bean
	FilterRegistrationBean<RequestObservationFilter> requestObservationFilter(MeterRegistry registry,
			@Qualifier("requestMappingHandlerMapping") HandlerMapping handlers) {
		FilterRegistrationBean<RequestObservationFilter> registration = new FilterRegistrationBean<>(
				new RequestObservationFilter(registry, new EndpointResolver(handlers)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	/**
	 * Lettuce's command latency under the platform's name, {@code redis_operation_duration_seconds
	 * {operation}}; Spring Boot's own {@code http_server_requests} left out, since
	 * {@link RequestObservationFilter} records the platform's {@code http_request_duration_seconds}
	 * (the observation itself stays, for traces).
	 */
	@Bean
	MeterFilter platformMetricNames() {
		return new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				if (id.getName().equals("lettuce.command.completion")) {
					return id.withName("redis.operation.duration")
						.replaceTags(id.getTags()
							.stream()
							.filter((tag) -> tag.getKey().equals("command"))
							.map((tag) -> Tag.of("operation", tag.getValue()))
							.toList());
				}
				return id;
			}

			@Override
			public MeterFilterReply accept(Meter.Id id) {
				String name = id.getName();
				return (name.equals("http.server.requests") || name.startsWith("http.server.requests.")
						|| name.equals("lettuce.command.firstresponse")) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
			}
		};
	}

	/** {@code postgres_connections_active}: connections of the pool in use right now. */
	@Bean
	Gauge postgresConnectionsActive(DataSource dataSource, MeterRegistry registry) {
		return Gauge.builder("postgres.connections.active", dataSource, ObservabilityConfiguration::activeConnections)
			.description("PostgreSQL connections of the pool in use")
			.register(registry);
	}

	private static double activeConnections(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
			return hikari.getHikariPoolMXBean().getActiveConnections();
		}
		return Double.NaN;
	}
}
