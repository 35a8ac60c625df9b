package nexus.iam.observability;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationView;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces, on top of Spring Boot's OpenTelemetry support (see {@link TracingProperties}): no batch
 * processor when nothing exports, and JDBC and Redis spans only inside a traced operation. A query
 * or Redis command outside any (the revocation poller, the cleanup jobs, Flyway at start-up) would
 * each be a trace of its own, one or two spans long: noise in every trace view.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	/** The observations of datasource-micrometer (JDBC). */
	static final Set<String> JDBC_OBSERVATIONS = Set.of("jdbc.connection", "jdbc.query", "jdbc.result-set");

	/**
	 * Spring Boot always creates a {@link BatchSpanProcessor} and a
	 * {@link BatchLogRecordProcessor}, each with a worker thread that wakes up on a schedule even
	 * with nothing to export to. Without an exporter of its kind each is removed, so that the
	 * embedded default runs no export thread at all; trace ids and propagation stay. (Logs are
	 * never exported over OTLP here: no appender hands them to OpenTelemetry.)
	 */
	@Bean
	static BeanFactoryPostProcessor noBatchingWithoutExporter() {
		return (beanFactory) -> {
			if (beanFactory instanceof BeanDefinitionRegistry registry) {
				removeWithout(registry, beanFactory, SpanExporter.class, BatchSpanProcessor.class);
				removeWithout(registry, beanFactory, LogRecordExporter.class, BatchLogRecordProcessor.class);
			}
		};
	}

	private static void removeWithout(BeanDefinitionRegistry registry, ListableBeanFactory beans, Class<?> exporter,
			Class<?> processor) {
		if (beans.getBeanNamesForType(exporter, true, false).length == 0) {
			for (String name : beans.getBeanNamesForType(processor, true, false)) {
				registry.removeBeanDefinition(name);
			}
		}
	}

	/** A JDBC observation with no traced parent is not started: no span, and none for its queries. */
	@Bean
	ObservationPredicate jdbcOnlyInsideAnOperation() {
		return (name, context) -> name == null || !JDBC_OBSERVATIONS.contains(name)
				|| traced(context.getParentObservation());
	}

	/**
	 * Lettuce attaches a command's parent only after the observation has been allowed to start, on
	 * its I/O thread: a command outside any operation is known only once it is a root span, and
	 * then it is not exported. Command spans have no children, so nothing is left orphaned.
	 */
	@Bean
	SpanExportingPredicate noRedisCommandAsATraceOfItsOwn() {
		return (span) -> !(isRoot(span.getParentId()) && "redis".equals(span.getTags().get("db.system")));
	}

	private static boolean traced(@Nullable ObservationView parent) {
		return parent != null && !(parent instanceof Observation observation && observation.isNoop());
	}

	private static boolean isRoot(@Nullable String parentId) {
		return parentId == null || parentId.isEmpty() || parentId.chars().allMatch((c) -> c == '0');
	}
}
