package nexus.iam.session;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** One entry of {@code GET /api/me/sessions}; {@code current} marks the session asking. */
record SessionResponse(UUID id, boolean current, String provider,
		@JsonProperty("device_type") @Nullable String deviceType, @Nullable String browser, @Nullable String os,
		@JsonProperty("ip_address") @Nullable String ipAddress, @Nullable String location,
		@JsonProperty("created_at") Instant createdAt, @JsonProperty("last_activity_at") Instant lastActivityAt) {

	static SessionResponse of(SessionView session, UUID currentSessionId) {
		return new SessionResponse(session.id(), session.id().equals(currentSessionId), session.provider(),
				session.deviceType(), session.browser(), session.os(), session.ipAddress(), session.location(),
				session.createdAt(), session.lastActivityAt());
	}
}
