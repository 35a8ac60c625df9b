package nexus.iam.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/** The sessions' background work: writing noted activity, and clean-up (first one interval after start). */
@Configuration(proxyBeanMethods = false)
class SessionSchedule {

	private static final Logger log = LoggerFactory.getLogger(SessionSchedule.class);

	@Bean
	SchedulingConfigurer sessionTasks(SessionActivity activity, SessionCleanup cleanup, SessionProperties properties) {
		return (registrar) -> {
			registrar.addFixedDelayTask(activity::flush, properties.activityFlushInterval());
			registrar.addFixedDelayTask(new FixedDelayTask(() -> {
				try {
					cleanup.run();
				}
				catch (RuntimeException ex) {
					log.warn("Session clean-up failed; next try in {}: {}", properties.cleanupInterval(), ex.toString());
				}
			}, properties.cleanupInterval(), properties.cleanupInterval()));
		};
	}
}
