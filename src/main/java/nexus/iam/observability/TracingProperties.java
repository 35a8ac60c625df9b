package nexus.iam.observability;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Distributed traces (OpenTelemetry), exported over OTLP/HTTP when an endpoint is set. Without one
 * the service still continues incoming W3C {@code traceparent} headers and writes trace ids into
 * its log lines, but exports nothing: no exporter, no export thread, no connection. Mapped onto
 * Spring Boot's own tracing properties by {@link TracingExportSelector}.
 *
 * @param otlpEndpoint the collector's OTLP/HTTP traces URL, e.g.
 * {@code http://otel-collector:4318/v1/traces}; empty: no export
 * @param samplingProbability the share of traces started here that are recorded and exported,
 * from 0.0 to 1.0; a request that arrives with a {@code traceparent} follows its sampled flag
 */
@ConfigurationProperties("nexus.tracing")
public record TracingProperties(@Nullable URI otlpEndpoint, @DefaultValue("1.0") double samplingProbability) {

	public TracingProperties {
		if (!(samplingProbability >= 0.0 && samplingProbability <= 1.0)) {
			throw new IllegalArgumentException(
					"nexus.tracing.sampling-probability must be from 0.0 to 1.0, got " + samplingProbability);
		}
		if (otlpEndpoint != null && !otlpEndpoint.toString().isBlank()) {
			String scheme = String.valueOf(otlpEndpoint.getScheme()).toLowerCase(Locale.ROOT);
			if ((!scheme.equals("http") && !scheme.equals("https")) || otlpEndpoint.getHost() == null) {
				throw new IllegalArgumentException(
						"nexus.tracing.otlp-endpoint must be an http(s) URL, got " + otlpEndpoint);
			}
		}
	}
}
