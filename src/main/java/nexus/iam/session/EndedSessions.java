package nexus.iam.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sessions of one user that have just ended, for the {@link SessionEndListener}s.
 *
 * @param userId whose sessions they were
 * @param sessionIds the sessions that were live until now (never empty)
 * @param reason why they ended
 * @param endedAt when
 */
public record EndedSessions(UUID userId, List<UUID> sessionIds, SessionEndReason reason, Instant endedAt) {

	public EndedSessions {
		sessionIds = List.copyOf(sessionIds);
	}
}
