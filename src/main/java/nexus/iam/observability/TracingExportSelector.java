package nexus.iam.observability;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Maps {@link TracingProperties} ({@code nexus.tracing.*}) onto Spring Boot's tracing properties:
 * the OTLP endpoint only when one is set, since Spring Boot creates its exporter as soon as the
 * property exists, even empty; and the sampling probability, {@code 1.0} unless set. The values
 * are read when Spring Boot asks, so settings added after start-up processing (a test's dynamic
 * properties) count too. Boot's own {@code management.*} properties, set explicitly, still win.
 * Without an endpoint the JDBC proxy is left out too: its spans would go nowhere, and it costs
 * every query (a load run measured a refresh at 1.5 ms of CPU with it, see docs/performance.md).
 */
public final class TracingExportSelector implements EnvironmentPostProcessor {

	static final String ENDPOINT = "nexus.tracing.otlp-endpoint";

	static final String PROBABILITY = "nexus.tracing.sampling-probability";

	static final String BOOT_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String BOOT_PROBABILITY = "management.tracing.sampling.probability";

	/** The JDBC spans' data-source proxy: pure cost while no span is exported. */
	static final String JDBC_PROXY = "jdbc.datasource-proxy.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// last: below application.yml and every explicit management.* setting
		environment.getPropertySources().addLast(new BootTracingProperties(environment));
	}

	/** Not an environment as its source: Spring Boot would walk into that as nested sources. */
	private static final class BootTracingProperties extends PropertySource<Object> {

		private final PropertyResolver environment;

		BootTracingProperties(PropertyResolver environment) {
			super("nexusTracing", new Object());
			this.environment = environment;
		}

		@Override
		public @Nullable Object getProperty(String name) {
			return switch (name) {
				case BOOT_ENDPOINT -> {
					String endpoint = this.environment.getProperty(ENDPOINT);
					yield StringUtils.hasText(endpoint) ? endpoint.strip() : null;
				}
				case BOOT_PROBABILITY -> this.environment.getProperty(PROBABILITY, "1.0");
				case JDBC_PROXY -> StringUtils.hasText(this.environment.getProperty(ENDPOINT)) ? null : "false";
				default -> null;
			};
		}
	}
}
