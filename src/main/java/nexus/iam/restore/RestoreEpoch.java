package nexus.iam.restore;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-token cut-off of the newest restore: every access token issued before it is refused,
 * because nothing says whether it was revoked between the backup and the restore (the deny-list
 * lost those entries, and its session may be unknown to the restored database). Read at start-up
 * and every few seconds, so that a node that kept running across a restore follows it; checked
 * in memory on every request.
 */
public class RestoreEpoch {

	private static final Logger log = LoggerFactory.getLogger(RestoreEpoch.class);

	private final RestoreRepository repository;

	private volatile Instant tokensBefore = Instant.MIN;

	RestoreEpoch(RestoreRepository repository) {
		this.repository = repository;
		refresh();
		if (this.tokensBefore != Instant.MIN) {
			log.info("Restore: access tokens issued before {} are refused (restore epoch)", this.tokensBefore);
		}
	}

	/** Whether a token issued at this instant predates the newest restore. */
	public boolean covers(Instant issuedAt) {
		return issuedAt.isBefore(this.tokensBefore);
	}

	void refresh() {
		this.tokensBefore = this.repository.latestCutoff().orElse(Instant.MIN);
	}

	/** The scheduled read; PostgreSQL away keeps what is known. */
	void poll() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			log.debug("Restore: could not read the restore epoch: {}", ex.getMessage());
		}
	}
}
