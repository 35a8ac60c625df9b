package nexus.iam.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An audit event as read back for its user.
 *
 * @param id the event's number, increasing
 * @param type what happened, e.g. {@code sign_in}
 * @param occurredAt when
 * @param sessionId the session it concerns
 * @param ipAddress the client address
 * @param userAgent the client's User-Agent
 * @param details the small facts recorded with it
 */
public record RecordedEvent(long id, String type, Instant occurredAt, @Nullable UUID sessionId,
		@Nullable String ipAddress, @Nullable String userAgent, Map<String, Object> details) {
}
