package nexus.iam.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code GET /api/me/sessions}; {@code current} marks the session asking,
 * {@code applications} the applications it signed in to through Nexus as an OpenID Provider.
 */
record SessionResponse(UUID id, boolean current, String provider,
		@JsonProperty("device_type") @Nullable String deviceType, @Nullable String browser, @Nullable String os,
		@JsonProperty("ip_address") @Nullable String ipAddress, @Nullable String location,
		@JsonProperty("created_at") Instant createdAt, @JsonProperty("last_activity_at") Instant lastActivityAt,
		List<Application> applications) {

	static SessionResponse of(SessionView session, UUID currentSessionId, List<SignedInApplication> applications) {
		return new SessionResponse(session.id(), session.id().equals(currentSessionId), session.provider(),
				session.deviceType(), session.browser(), session.os(), session.ipAddress(), session.location(),
				session.createdAt(), session.lastActivityAt(),
				applications.stream().map((app) -> new Application(app.clientId(), app.name())).toList());
	}

	record Application(@JsonProperty("client_id") String clientId, String name) {
	}
}
