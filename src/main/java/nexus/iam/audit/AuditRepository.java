package nexus.iam.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nexus.iam.observability.LogFields;

/** The {@code audit_events} table. */
@Repository
class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(AuditEvent event, Instant at, String detailsJson) {
		this.jdbc.sql("""
				INSERT INTO audit_events (occurred_at, type, user_id, session_id, ip_address, user_agent, request_id, details)
				VALUES (:at, :type, :userId, :sessionId, CAST(:ip AS inet), :userAgent, :requestId, CAST(:details AS jsonb))
				""")
			.param("at", Timestamp.from(at))
			.param("type", event.type().value())
			.param("userId", event.userId())
			.param("sessionId", event.sessionId())
			.param("ip", event.ipAddress())
			.param("userAgent", truncate(event.userAgent()))
			.param("requestId", MDC.get(LogFields.REQUEST_ID))
			.param("details", detailsJson)
			.update();
	}

	/** A user's newest events of the given types. */
	List<StoredEvent> findRecent(UUID userId, Set<AuditEventType> types, int limit) {
		return this.jdbc.sql("""
				SELECT id, occurred_at, type, session_id, host(ip_address) AS ip, user_agent, details::text AS details
				  FROM audit_events
				 WHERE user_id = :userId AND type = ANY(:types)
				 ORDER BY occurred_at DESC, id DESC
				 LIMIT :limit
				""")
			.param("userId", userId)
			.param("types", types.stream().map(AuditEventType::value).toArray(String[]::new))
			.param("limit", limit)
			.query((rs, row) -> new StoredEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
					rs.getString("type"), rs.getObject("session_id", UUID.class), rs.getString("ip"),
					rs.getString("user_agent"), rs.getString("details")))
			.list();
	}

	/** Deletes up to {@code limit} events older than {@code cutoff}; nodes running it at once skip each other's rows. */
	int deleteOlderThan(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM audit_events WHERE id = ANY (ARRAY(
				  SELECT id FROM audit_events WHERE occurred_at < :cutoff
				   ORDER BY occurred_at LIMIT :limit FOR UPDATE SKIP LOCKED))
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.update();
	}

	/** A row as stored; details still JSON text. */
	record StoredEvent(long id, Instant occurredAt, String type, @Nullable UUID sessionId, @Nullable String ipAddress,
			@Nullable String userAgent, String details) {
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 512) ? value.substring(0, 512) : value;
	}
}
