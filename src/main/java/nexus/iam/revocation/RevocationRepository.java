package nexus.iam.revocation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

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

	/** Every entry that still covers a token that could be valid. */
	List<Revocation> findActive(Instant now) {
		return this.jdbc.sql("SELECT kind, value, not_before, expires_at FROM revocations WHERE expires_at > :now")
			.param("now", Timestamp.from(now))
			.query(RevocationRepository::map)
			.list();
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

	int deleteExpired(Instant before, int limit) {
		return this.jdbc.sql("""
				DELETE FROM revocations WHERE id IN
				  (SELECT id FROM revocations WHERE expires_at < :before ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
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
