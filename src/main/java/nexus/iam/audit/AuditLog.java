package nexus.iam.audit;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit events to {@code audit_events}, in the caller's transaction so that an event
 * exists exactly when what it describes happened, and mirrors each to the log.
 */
@Service
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger("nexus.iam.audit");

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	public void record(AuditEvent event) {
		this.jdbc.sql("""
				INSERT INTO audit_events (occurred_at, type, user_id, session_id, ip_address, user_agent, details)
				VALUES (:at, :type, :userId, :sessionId, CAST(:ip AS inet), :userAgent, CAST(:details AS jsonb))
				""")
			.param("at", Timestamp.from(this.clock.instant()))
			.param("type", event.type().value())
			.param("userId", event.userId())
			.param("sessionId", event.sessionId())
			.param("ip", event.ipAddress())
			.param("userAgent", truncate(event.userAgent()))
			.param("details", this.json.writeValueAsString(event.details()))
			.update();
		log.info("audit type={} user={} session={} details={}", event.type().value(), event.userId(),
				event.sessionId(), event.details());
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 512) ? value.substring(0, 512) : value;
	}
}
