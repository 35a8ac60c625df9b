package nexus.iam.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/** Deletes audit events past {@code nexus.audit.retention}, first one interval after start. */
@Configuration(proxyBeanMethods = false)
class AuditSchedule {

	private static final Logger log = LoggerFactory.getLogger(AuditSchedule.class);

	@Bean
	SchedulingConfigurer auditRetentionTask(AuditLog audit, AuditProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(new FixedDelayTask(() -> {
			try {
				int deleted = audit.deleteExpired(properties.retention(), properties.cleanupBatchSize());
				if (deleted > 0) {
					log.info("Audit retention: deleted {} events older than {}", deleted, properties.retention());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Audit retention failed; next try in {}: {}", properties.cleanupInterval(), ex.toString());
			}
		}, properties.cleanupInterval(), properties.cleanupInterval()));
	}
}
