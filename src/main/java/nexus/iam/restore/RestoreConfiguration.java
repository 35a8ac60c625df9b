package nexus.iam.restore;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class RestoreConfiguration {

	@Bean
	@DependsOnDatabaseInitialization
	RestoreGuard restoreGuard(RestoreRepository repository, PlatformTransactionManager transactions,
			RestoreProperties properties) {
		return new RestoreGuard(repository, new TransactionTemplate(transactions), properties.unsealedDatabase());
	}

	/** After the guard: on a database it sealed, the epoch it ran is already there. */
	@Bean
	@DependsOnDatabaseInitialization
	RestoreEpoch restoreEpoch(RestoreRepository repository, RestoreGuard guard) {
		return new RestoreEpoch(repository);
	}

	@Bean
	SchedulingConfigurer restoreEpochSchedule(RestoreEpoch epoch, RestoreProperties properties) {
		return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(epoch::poll,
				properties.epochPollInterval());
	}
}
