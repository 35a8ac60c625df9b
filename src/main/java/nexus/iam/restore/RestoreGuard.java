package nexus.iam.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs before the node serves anything, once Flyway has migrated: a node does not start on a
 * restore whose epoch did not run, unless {@code nexus.restore.unsealed-database} says what to do.
 */
final class RestoreGuard implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(RestoreGuard.class);

	private final RestoreRepository repository;

	private final TransactionTemplate transactions;

	private final UnsealedDatabase setting;

	RestoreGuard(RestoreRepository repository, TransactionTemplate transactions, UnsealedDatabase setting) {
		this.repository = repository;
		this.transactions = transactions;
		this.setting = setting;
	}

	@Override
	public void afterPropertiesSet() {
		this.transactions.executeWithoutResult((status) -> {
			this.repository.lockSeal();
			switch (SealCheck.decide(this.repository.sealed(), this.setting)) {
				case START -> {
				}
				case REFUSE -> throw new UnsealedDatabaseException(SealCheck.refusal());
				case SEAL_THEN_START -> {
					Epoch epoch = this.repository.runEpoch("service_start");
					log.warn("Restore: this database was restored without its epoch; ran it now"
							+ " (NEXUS_RESTORE_UNSEALED_DATABASE=seal): {} sessions ended, {} refresh tokens revoked,"
							+ " access tokens issued before {} refused", epoch.sessionsEnded(),
							epoch.refreshTokensEnded(), epoch.tokensBefore());
				}
				case ACCEPT_THEN_START -> {
					this.repository.sealAsAccepted();
					log.warn("Restore: this database was restored without its epoch and is accepted as it is"
							+ " (NEXUS_RESTORE_UNSEALED_DATABASE=accept): what its backup showed live stays live");
				}
			}
		});
	}
}
