package nexus.iam.session;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The clean-up's deletes of ended sessions and expired refresh tokens. Each batch walks one index
 * in order from its start and stops after {@code limit} rows, then deletes them by primary key, so
 * its cost does not grow with the table (docs/performance.md shows the plans).
 */
@Repository
class CleanupRepository {

	private final JdbcClient jdbc;

	CleanupRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Up to {@code limit} sessions revoked before {@code cutoff}, oldest first. */
	int deleteRevokedSessions(Instant cutoff, int limit) {
		return deleteOldest("user_sessions", "revoked_at", cutoff, limit);
	}

	/** Up to {@code limit} sessions that expired before {@code cutoff}, oldest first. */
	int deleteExpiredSessions(Instant cutoff, int limit) {
		return deleteOldest("user_sessions", "expires_at", cutoff, limit);
	}

	/** Up to {@code limit} refresh tokens that expired before {@code cutoff}, oldest first. */
	int deleteExpiredRefreshTokens(Instant cutoff, int limit) {
		return deleteOldest("refresh_tokens", "expires_at", cutoff, limit);
	}

	/** {@code table} and {@code column} are this class's constants, never input. */
	private int deleteOldest(String table, String column, Instant cutoff, int limit) {
		// SKIP LOCKED: nodes cleaning at once take different rows instead of waiting on each other
		return this.jdbc.sql("DELETE FROM " + table + " WHERE id = ANY (ARRAY(SELECT id FROM " + table + " WHERE "
				+ column + " < :cutoff ORDER BY " + column + " LIMIT :limit FOR UPDATE SKIP LOCKED))")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.update();
	}
}
