package nexus.iam.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** One entry of {@code GET /api/me/events}. */
record EventResponse(long id, String type, @JsonProperty("occurred_at") Instant occurredAt,
		@JsonProperty("session_id") @Nullable UUID sessionId, @JsonProperty("ip_address") @Nullable String ipAddress,
		@JsonProperty("user_agent") @Nullable String userAgent, Map<String, Object> details) {

	static EventResponse of(RecordedEvent event) {
		return new EventResponse(event.id(), event.type(), event.occurredAt(), event.sessionId(), event.ipAddress(),
				event.userAgent(), event.details());
	}
}
