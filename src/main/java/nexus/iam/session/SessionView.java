package nexus.iam.session;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A session as its user sees it in the list of places they are signed in.
 *
 * @param id the session id
 * @param provider the provider signed in with
 * @param deviceType desktop, mobile, tablet, bot or unknown
 * @param browser browser and major version
 * @param os operating system and version
 * @param ipAddress the client address at sign-in
 * @param location where that address is, as far as known
 * @param createdAt when the user signed in
 * @param lastActivityAt when the session was last used, to within a minute
 */
public record SessionView(UUID id, String provider, @Nullable String deviceType, @Nullable String browser,
		@Nullable String os, @Nullable String ipAddress, @Nullable String location, Instant createdAt,
		Instant lastActivityAt) {
}
