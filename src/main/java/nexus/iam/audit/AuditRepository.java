package nexus.iam.audit;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_events} table. */
@Repository
class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(AuditEvent event, Instant at, String detailsJson) {
		this.jdbc.sql("""
				INSERT INTO audit_events (occurred_at, type, user_id, session_id, ip_address, user_agent, details)
				VALUES (:at, :type, :userId, :sessionId, CAST(:ip AS inet), :userAgent, CAST(:details AS jsonb))
				""")
			.param("at", Timestamp.from(at))
			.param("type", event.type().value())
			.param("userId", event.userId())
			.param("sessionId", event.sessionId())
			.param("ip", event.ipAddress())
			.param("userAgent", truncate(event.userAgent()))
			.param("details", detailsJson)
			.update();
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 512) ? value.substring(0, 512) : value;
	}
}
