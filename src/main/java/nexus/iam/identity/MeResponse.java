package nexus.iam.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import nexus.iam.identity.UserProfile.LinkedIdentity;
import nexus.iam.token.VerifiedAccessToken;

/** The body of {@code GET /api/me}. */
record MeResponse(UUID id, @Nullable String email, @JsonProperty("email_verified") boolean emailVerified,
		@Nullable String name, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("session_id") UUID sessionId, List<String> amr, List<Identity> identities) {

	static MeResponse of(UserProfile profile, VerifiedAccessToken token) {
		return new MeResponse(profile.id(), profile.email(), profile.emailVerified(), profile.name(),
				profile.createdAt(), token.sessionId(), token.amr(),
				profile.identities().stream().map(Identity::of).toList());
	}

	record Identity(UUID id, String provider, @Nullable String email,
			@JsonProperty("email_verified") boolean emailVerified, @JsonProperty("linked_at") Instant linkedAt,
			@JsonProperty("last_sign_in_at") @Nullable Instant lastSignInAt) {

		static Identity of(LinkedIdentity identity) {
			return new Identity(identity.id(), identity.provider(), identity.email(), identity.emailVerified(),
					identity.linkedAt(), identity.lastSignInAt());
		}
	}
}
