package nexus.iam.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code session_applications} table. */
@Repository
class SessionApplicationsRepository {

	private final JdbcClient jdbc;

	SessionApplicationsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One upsert, only for a live session. {@code FOR SHARE} waits for an end of the session in
	 * progress and then sees it: an application is recorded before its session ends, or not at all.
	 * @return whether a row was written
	 */
	boolean upsert(UUID sessionId, String clientId, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO session_applications (session_id, client_id, first_signed_in_at, last_signed_in_at)
				SELECT s.id, :clientId, :now, :now FROM user_sessions s
				 WHERE s.id = :sessionId AND s.revoked_at IS NULL
				   FOR SHARE
				ON CONFLICT (session_id, client_id) DO UPDATE
				   SET last_signed_in_at = greatest(session_applications.last_signed_in_at, excluded.last_signed_in_at)
				""")
			.param("sessionId", sessionId)
			.param("clientId", clientId)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** The pairs of these sessions, each session's first sign-in first. */
	List<Map.Entry<UUID, String>> find(Collection<UUID> sessionIds) {
		return this.jdbc.sql("""
				SELECT session_id, client_id FROM session_applications
				 WHERE session_id = ANY (CAST(:ids AS uuid[]))
				 ORDER BY session_id, first_signed_in_at, client_id
				""")
			.param("ids", sessionIds.stream().map(UUID::toString).toArray(String[]::new))
			.query((rs, row) -> Map.entry(rs.getObject("session_id", UUID.class), rs.getString("client_id")))
			.list();
	}
}
