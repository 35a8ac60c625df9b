package nexus.iam.session;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Deletes sessions that ended, and refresh tokens that expired, longer ago than
 * {@code nexus.session.retention}. Every node runs it: each batch is one short statement that
 * skips rows another node has locked, so nodes share the work instead of queueing on it.
 */
@Component
public class SessionCleanup {

	private static final Logger log = LoggerFactory.getLogger(SessionCleanup.class);

	private final CleanupRepository sessions;

	private final SessionProperties properties;

	private final Clock clock;

	SessionCleanup(CleanupRepository sessions, SessionProperties properties, Clock clock) {
		this.sessions = sessions;
		this.properties = properties;
		this.clock = clock;
	}

	/** One round; returns the rows deleted (sessions, their tokens and applications cascading, then stray tokens). */
	public int run() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		int batch = this.properties.cleanupBatchSize();
		// revoked and expired apart: each batch then walks one index in order (an OR of the two
		// would make PostgreSQL choose between a bitmap of every match and a scan of the table)
		int sessions = drain(() -> this.sessions.deleteRevokedSessions(cutoff, batch), batch)
				+ drain(() -> this.sessions.deleteExpiredSessions(cutoff, batch), batch);
		int tokens = drain(() -> this.sessions.deleteExpiredRefreshTokens(cutoff, batch), batch);
		if (sessions + tokens > 0) {
			log.info("Session clean-up: deleted {} ended sessions and {} expired refresh tokens", sessions, tokens);
		}
		return sessions + tokens;
	}

	/** Batches until one comes back short: each batch commits on its own and holds its locks briefly. */
	private static int drain(java.util.function.IntSupplier deleteBatch, int batch) {
		int total = 0;
		int deleted;
		do {
			deleted = deleteBatch.getAsInt();
			total += deleted;
		}
		while (deleted == batch);
		return total;
	}
}
