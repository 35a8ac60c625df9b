package nexus.iam.session;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The per-user cap on live sessions ({@code nexus.session.max-per-user}): which of a user's live
 * sessions make way for a new one. The least recently used go first (oldest last activity, then
 * oldest sign-in), so that a flood of sign-ins pushes out its own earlier sessions and the ones
 * the user actually uses stay.
 */
final class SessionLimit {

	private static final Comparator<LiveSession> LEAST_RECENTLY_USED_FIRST = Comparator
		.comparing(LiveSession::lastActivityAt)
		.thenComparing(LiveSession::createdAt)
		.thenComparing(LiveSession::id);

	private final int maxPerUser;

	SessionLimit(int maxPerUser) {
		if (maxPerUser < 1) {
			throw new IllegalArgumentException("the session limit must be at least 1, got " + maxPerUser);
		}
		this.maxPerUser = maxPerUser;
	}

	int maxPerUser() {
		return this.maxPerUser;
	}

	/**
	 * The sessions to end so that, with the one about to start, no more than the limit are live.
	 * @param live every live session of the user, in any order
	 * @return least recently used first; empty while there is room
	 */
	List<UUID> toEndForNewSession(List<LiveSession> live) {
		int excess = live.size() + 1 - this.maxPerUser;
		if (excess <= 0) {
			return List.of();
		}
		return live.stream().sorted(LEAST_RECENTLY_USED_FIRST).limit(excess).map(LiveSession::id).toList();
	}

	/** A live session, as far as the limit cares. */
	record LiveSession(UUID id, Instant lastActivityAt, Instant createdAt) {
	}
}
