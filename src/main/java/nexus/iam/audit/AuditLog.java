package nexus.iam.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

	/** A user's newest security events, for the user: routine ones such as refreshes left out. */
	public List<RecordedEvent> recentForUser(UUID userId, int limit) {
		return this.repository.findRecent(userId, AuditEventType.SHOWN_TO_USER, limit)
			.stream()
			.map((row) -> new RecordedEvent(row.id(), row.type(), row.occurredAt(), row.sessionId(), row.ipAddress(),
					row.userAgent(), details(row.details())))
			.toList();
	}

	/**
	 * Deletes events older than the retention, batch by batch.
	 * @return how many
	 */
	public int deleteExpired(Duration retention, int batchSize) {
		Instant cutoff = this.clock.instant().minus(retention);
		int total = 0;
		int deleted;
		do {
			deleted = this.repository.deleteOlderThan(cutoff, batchSize);
			total += deleted;
		}
		while (deleted == batchSize);
		return total;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> details(String json) {
		return this.json.readValue(json, Map.class);
	}

	/**
	 * An event that goes to the log only, not to {@code audit_events}: what an unauthenticated
	 * caller can trigger at will, which must not fill the table (the log store keeps it for
	 * incident response; the rate limits bound it).
	 */
	public void recordInLogOnly(AuditEvent event) {
		log.info("audit type={} user={} session={} ip={} user_agent={} details={}", event.type().value(),
				event.userId(), event.sessionId(), event.ipAddress(), event.userAgent(), event.details());
	}

	public void record(AuditEvent event) {
		this.repository.insert(event, this.clock.instant(), this.json.writeValueAsString(event.details()));
		log.info("audit type={} user={} session={} details={}", event.type().value(), event.userId(),
				event.sessionId(), event.details());
	}
}
