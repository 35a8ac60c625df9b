package nexus.iam.observability;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Boot's tracing as {@code nexus.tracing.*} configures it, without the rest of the service. */
class TracingConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryLoggingAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class))
		.withUserConfiguration(TracingConfiguration.class, Settings.class)
		// what SpringApplication does through META-INF/spring.factories
		.withInitializer((context) -> new TracingExportSelector().postProcessEnvironment(context.getEnvironment(),
				new SpringApplication()));

	@Test
	void withoutAnEndpointNothingIsExportedAndNoThreadStartsButTracesStillExist() {
		long before = exportThreads();
		this.contexts.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SpanExporter.class)
				.doesNotHaveBean(BatchSpanProcessor.class)
				.doesNotHaveBean(SpanProcessor.class)
				.doesNotHaveBean(BatchLogRecordProcessor.class);
			assertThat(exportThreads()).isEqualTo(before);
			assertThat(context).getBean(Tracer.class).isInstanceOf(OtelTracer.class);
		});
	}

	@Test
	void aBlankEndpointIsNoEndpoint() {
		this.contexts.withPropertyValues("nexus.tracing.otlp-endpoint= ").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SpanExporter.class).doesNotHaveBean(BatchSpanProcessor.class);
		});
	}

	@Test
	void withAnEndpointSpansAreExportedOverOtlpHttpInBatches() {
		long before = exportThreads();
		this.contexts.withPropertyValues("nexus.tracing.otlp-endpoint=http://127.0.0.1:4318/v1/traces")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class)
					.hasSingleBean(BatchSpanProcessor.class)
					.doesNotHaveBean(BatchLogRecordProcessor.class);
				assertThat(exportThreads()).isEqualTo(before + 1);
			});
	}

	@Test
	void everyTraceStartedHereIsSampledUnlessAProbabilityIsSet() {
		this.contexts.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
			.startsWith("ParentBased{root:TraceIdRatioBased{1.000000}"));
		this.contexts.withPropertyValues("nexus.tracing.sampling-probability=0.25")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.startsWith("ParentBased{root:TraceIdRatioBased{0.250000}"));
	}

	@Test
	void bootsOwnPropertiesSetExplicitlyWin() {
		this.contexts
			.withPropertyValues("nexus.tracing.sampling-probability=0.25", "management.tracing.sampling.probability=0.5")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.startsWith("ParentBased{root:TraceIdRatioBased{0.500000}"));
	}

	@Test
	void aProbabilityOutsideZeroToOneOrAnEndpointThatIsNoHttpUrlStopsTheStart() {
		this.contexts.withPropertyValues("nexus.tracing.sampling-probability=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("nexus.tracing.sampling-probability"));
		this.contexts.withPropertyValues("nexus.tracing.otlp-endpoint=otel-collector:4318")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("nexus.tracing.otlp-endpoint"));
	}

	/** The OpenTelemetry SDK's batching threads, one per batch span or log record processor. */
	private static long exportThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("BatchSpanProcessor")
					|| thread.getName().startsWith("BatchLogRecordProcessor"))
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TracingProperties.class)
	static class Settings {

	}
}
