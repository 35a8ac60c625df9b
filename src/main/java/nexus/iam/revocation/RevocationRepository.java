package nexus.iam.revocation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code revocations} table: the source of truth of the deny-list. */
@Repository
class RevocationRepository {

	private final JdbcClient jdbc;

	RevocationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Revocation revocation) {
		this.jdbc.sql("""
				INSERT INTO revocations (kind, value, not_before, expires_at)
				VALUES (:kind, :value, :notBefore, :expiresAt)
				""")
			.param("kind", revocation.kind().column())
			.param("value", revocation.value())
			.param("notBefore", (revocation.notBefore() != null) ? Timestamp.from(revocation.notBefore()) : null)
			.param("expiresAt", Timestamp.from(revocation.expiresAt()))
			.update();
	}

	/**
	 * Every entry that still covers a token that could be valid, handed over a page at a time
	 * (keyset paging on the primary key), so that neither this node nor the driver ever holds the
	 * whole table at once.
	 * @return how many entries were handed over
	 */
	int forEachActivePage(Instant now, int pageSize, Consumer<List<Revocation>> action) {
		long after = 0;
		int total = 0;
		while (true) {
			List<Map.Entry<Long, Revocation>> page = this.jdbc.sql("""
					SELECT id, kind, value, not_before, expires_at FROM revocations
					 WHERE id > :after AND expires_at > :now ORDER BY id LIMIT :limit
					""")
				.param("after", after)
				.param("now", Timestamp.from(now))
				.param("limit", pageSize)
				.query((rs, row) -> Map.entry(rs.getLong("id"), map(rs, row)))
				.list();
			if (page.isEmpty()) {
				return total;
			}
			action.accept(page.stream().map(Map.Entry::getValue).toList());
			total += page.size();
			after = page.getLast().getKey();
			if (page.size() < pageSize) {
				return total;
			}
		}
	}

	/**
	 * Whether PostgreSQL holds an active entry that refuses the token: asked only while this
	 * node's cache has overflowed (one indexed look-up, {@code revocations_value_idx}).
	 */
	boolean refuses(String jti, UUID sessionId, UUID userId, Instant issuedAt, Instant now) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM revocations
				 WHERE value IN (:jti, :sid, :uid) AND expires_at > :now
				   AND ((kind = 'jti' AND value = :jti) OR (kind = 'session' AND value = :sid)
				        OR (kind = 'user' AND value = :uid AND not_before >= :nextSecond)))
				""")
			.param("jti", jti)
			.param("sid", sessionId.toString())
			.param("uid", userId.toString())
			.param("now", Timestamp.from(now))
			// as the cache compares: a token is refused when its iat second is before the cut-off's
			.param("nextSecond", Timestamp.from(Instant.ofEpochSecond(issuedAt.getEpochSecond() + 1)))
			.query(Boolean.class)
			.single();
	}

	/** Entries recorded at or after {@code since}, by the database's clock. */
	List<Revocation> findRecordedSince(Instant since) {
		return this.jdbc
			.sql("SELECT kind, value, not_before, expires_at FROM revocations WHERE recorded_at >= :since")
			.param("since", Timestamp.from(since))
			.query(RevocationRepository::map)
			.list();
	}

	/** The database's clock, which stamps {@code recorded_at}: polling compares with it, not ours. */
	Instant databaseNow() {
		return this.jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
	}

	/**
	 * Deletes up to {@code limit} entries that expired before {@code before}, oldest first: the
	 * batch walks {@code revocations_expires_at_idx} from its start and stops after {@code limit}
	 * rows, whatever the table's size.
	 */
	int deleteExpired(Instant before, int limit) {
		return this.jdbc.sql("""
				DELETE FROM revocations WHERE id = ANY
				  (ARRAY(SELECT id FROM revocations WHERE expires_at < :before
				   ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED))
				""")
			.param("before", Timestamp.from(before))
			.param("limit", limit)
			.update();
	}

	private static Revocation map(ResultSet rs, int row) throws SQLException {
		Timestamp notBefore = rs.getTimestamp("not_before");
		return new Revocation(Revocation.Kind.ofColumn(rs.getString("kind")), rs.getString("value"),
				(notBefore != null) ? notBefore.toInstant() : null, rs.getTimestamp("expires_at").toInstant());
	}
}
