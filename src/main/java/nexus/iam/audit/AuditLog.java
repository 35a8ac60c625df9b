package nexus.iam.audit;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit events to {@code audit_events}, in the caller's transaction so that an event
 * exists exactly when what it describes happened, and mirrors each to the log.
 */
@Service
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger("nexus.iam.audit");

	private final AuditRepository repository;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(AuditRepository repository, JsonMapper json, Clock clock) {
		this.repository = repository;
		this.json = json;
		this.clock = clock;
	}

	public void record(AuditEvent event) {
		this.repository.insert(event, this.clock.instant(), this.json.writeValueAsString(event.details()));
		log.info("audit type={} user={} session={} details={}", event.type().value(), event.userId(),
				event.sessionId(), event.details());
	}
}
