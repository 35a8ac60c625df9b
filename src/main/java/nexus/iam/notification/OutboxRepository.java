package nexus.iam.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code email_outbox} table. */
@Repository
class OutboxRepository {

	private final JdbcClient jdbc;

	OutboxRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A claimed row: what a dispatcher needs to send it. */
	record OutboxEntry(long id, UUID userId, String kind, String payloadJson, int attempts) {
	}

	/** Joins the caller's transaction, if there is one. */
	void insert(UUID userId, String kind, String payloadJson, Instant now, Instant due) {
		this.jdbc.sql("""
				INSERT INTO email_outbox (user_id, kind, payload, created_at, next_attempt_at)
				VALUES (:userId, :kind, CAST(:payload AS jsonb), :now, :due)
				""")
			.param("userId", userId)
			.param("kind", kind)
			.param("payload", payloadJson)
			.param("now", Timestamp.from(now))
			.param("due", Timestamp.from(due))
			.update();
	}

	/**
	 * Leases up to {@code limit} due rows to the caller until {@code leaseEnd}, in one statement
	 * (its own short transaction). Rows another dispatcher is claiming at this moment are skipped,
	 * not waited for; rows it has claimed are no longer due.
	 */
	List<OutboxEntry> claim(Instant now, Instant leaseEnd, int limit) {
		return this.jdbc.sql("""
				WITH due AS MATERIALIZED (
				    SELECT id FROM email_outbox
				     WHERE status = 'pending' AND next_attempt_at <= :now
				     ORDER BY next_attempt_at, id
				     LIMIT :limit
				       FOR UPDATE SKIP LOCKED)
				UPDATE email_outbox o SET next_attempt_at = :leaseEnd
				  FROM due WHERE o.id = due.id
				RETURNING o.id, o.user_id, o.kind, o.payload::text AS payload, o.attempts
				""")
			.param("now", Timestamp.from(now))
			.param("leaseEnd", Timestamp.from(leaseEnd))
			.param("limit", limit)
			.query((rs, n) -> new OutboxEntry(rs.getLong("id"), rs.getObject("user_id", UUID.class),
					rs.getString("kind"), rs.getString("payload"), rs.getInt("attempts")))
			.list()
			.stream()
			.sorted(Comparator.comparingLong(OutboxEntry::id))
			.toList();
	}

	void markSent(long id, Instant now) {
		this.jdbc.sql("""
				UPDATE email_outbox SET status = 'sent', sent_at = :now, last_error = NULL
				 WHERE id = :id AND status = 'pending'
				""")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void markRetry(long id, int attempts, Instant next, String error) {
		this.jdbc.sql("""
				UPDATE email_outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error
				 WHERE id = :id AND status = 'pending'
				""")
			.param("attempts", attempts)
			.param("next", Timestamp.from(next))
			.param("error", error)
			.param("id", id)
			.update();
	}

	void markFailed(long id, int attempts, String error) {
		this.jdbc.sql("""
				UPDATE email_outbox SET status = 'failed', attempts = :attempts, last_error = :error
				 WHERE id = :id AND status = 'pending'
				""")
			.param("attempts", attempts)
			.param("error", error)
			.param("id", id)
			.update();
	}

	/** Ends the lease of rows this dispatcher claimed but did not get to: due again at {@code now}. */
	void release(Collection<Long> ids, Instant now) {
		if (ids.isEmpty()) {
			return;
		}
		this.jdbc.sql("UPDATE email_outbox SET next_attempt_at = :now WHERE id IN (:ids) AND status = 'pending'")
			.param("now", Timestamp.from(now))
			.param("ids", ids)
			.update();
	}

	/** Deletes up to {@code limit} sent or failed rows created before {@code cutoff}; returns how many. */
	int deleteFinished(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM email_outbox WHERE id IN (
				    SELECT id FROM email_outbox WHERE status <> 'pending' AND created_at < :cutoff LIMIT :limit)
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.update();
	}
}
