package nexus.iam.restore;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables {@code database_seal} and {@code restore_epochs}, and the epoch's function
 * {@code seal_restored_database}, which ends sessions by marking them as a sign-out does: the
 * one place where the restore reaches the session tables, in SQL shared with restore.sh.
 */
@Repository
class RestoreRepository {

	private final JdbcClient jdbc;

	RestoreRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean sealed() {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM database_seal)").query(Boolean.class).single();
	}

	/** Waits for any other node doing the same; in the caller's transaction. */
	void lockSeal() {
		this.jdbc.sql("LOCK TABLE database_seal IN EXCLUSIVE MODE").update();
	}

	Epoch runEpoch(String startedBy) {
		return this.jdbc
			.sql("SELECT sessions_ended, refresh_tokens_ended, tokens_before FROM seal_restored_database(NULL, NULL, :by)")
			.param("by", startedBy)
			.query((rs, row) -> new Epoch(rs.getInt("sessions_ended"), rs.getInt("refresh_tokens_ended"),
					rs.getTimestamp("tokens_before").toInstant()))
			.single();
	}

	void sealAsAccepted() {
		this.jdbc.sql("INSERT INTO database_seal (how) VALUES ('accepted')").update();
	}

	/** The newest epoch's cut-off: access tokens issued before it are refused. */
	Optional<Instant> latestCutoff() {
		return this.jdbc.sql("SELECT max(tokens_before) FROM restore_epochs")
			.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)))
			.single()
			.map(Timestamp::toInstant);
	}
}
