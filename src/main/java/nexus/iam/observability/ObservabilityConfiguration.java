package nexus.iam.observability;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerMapping;

/** The request filter and the metric names the platform's dashboards query. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/** Prefixes; filters see a meter's mapped name, so Lettuce's renamed latency is not among them. */
	private static final List<String> TRACE_ONLY_OBSERVATIONS = List.of("http.server.requests", "jdbc", "lettuce",
			"oidc.client.requests");

	/**
	 * After the trusted-proxy filter (the very first) and Spring Boot's server observation
	 * ({@code HIGHEST_PRECEDENCE + 1}), before Spring Security: the access line is written inside
	 * the request's span, so it carries the trace id, and the span gets the request and user ids.
	 */
	@Bean
	FilterRegistrationBean<RequestObservationFilter> requestObservationFilter(MeterRegistry registry,
			@Qualifier("requestMappingHandlerMapping") HandlerMapping handlers) {
		FilterRegistrationBean<RequestObservationFilter> registration = new FilterRegistrationBean<>(
				new RequestObservationFilter(registry, new EndpointResolver(handlers)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	/**
	 * Lettuce's command latency under the platform's name, {@code redis_operation_duration_seconds
	 * {operation}}; Spring Boot's own {@code http_server_requests} left out, since
	 * {@link RequestObservationFilter} records the platform's {@code http_request_duration_seconds}
	 * (the observation itself stays, for traces). So are the meters of the observations that exist
	 * for traces only: JDBC, Redis commands and the calls to sign-in providers.
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
				return (traceOnly(name) || name.equals("lettuce.command.firstresponse")) ? MeterFilterReply.DENY
						: MeterFilterReply.NEUTRAL;
			}
		};
	}

	/** A meter of an observation kept for its spans: a timer by its name, {@code .active} and events. */
	private static boolean traceOnly(String name) {
		for (String observation : TRACE_ONLY_OBSERVATIONS) {
			if (name.equals(observation) || name.startsWith(observation + ".")) {
				return true;
			}
		}
		return false;
	}

	/** {@code postgres_connections_active}: connections of the pool in use right now. */
	@Bean
	Gauge postgresConnectionsActive(DataSource dataSource, MeterRegistry registry) {
		// the pool sits behind the JDBC tracing proxy
		HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
		return Gauge.builder("postgres.connections.active", pool, ObservabilityConfiguration::activeConnections)
			.description("PostgreSQL connections of the pool in use")
			.register(registry);
	}

	private static double activeConnections(@Nullable HikariDataSource pool) {
		if (pool != null && pool.getHikariPoolMXBean() != null) {
			return pool.getHikariPoolMXBean().getActiveConnections();
		}
		return Double.NaN;
	}
}
