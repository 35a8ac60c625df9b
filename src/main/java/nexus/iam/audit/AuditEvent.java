package nexus.iam.audit;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One security-relevant fact. {@code details} holds small, non-secret values only: never a token,
 * a code or a cookie.
 *
 * @param type what happened
 * @param userId whose account, when known
 * @param sessionId which session, when there is one
 * @param ipAddress the client address
 * @param userAgent the client's User-Agent
 * @param details extra facts, stored as JSON
 */
public record AuditEvent(AuditEventType type, @Nullable UUID userId, @Nullable UUID sessionId,
		@Nullable String ipAddress, @Nullable String userAgent, Map<String, Object> details) {

	public AuditEvent {
		details = Map.copyOf(details);
	}
}
