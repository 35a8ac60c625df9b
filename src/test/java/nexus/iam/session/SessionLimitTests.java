package nexus.iam.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.session.SessionLimit.LiveSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which sessions make way for a new one: the decision alone, without Spring or a database. */
class SessionLimitTests {

	private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

	@Test
	void belowTheLimitNothingEnds() {
		SessionLimit limit = new SessionLimit(3);
		assertThat(limit.toEndForNewSession(List.of())).isEmpty();
		assertThat(limit.toEndForNewSession(List.of(session(1, 1), session(2, 2)))).isEmpty();
	}

	@Test
	void atTheLimitTheLeastRecentlyUsedEndsNotTheOldest() {
		SessionLimit limit = new SessionLimit(3);
		LiveSession oldestButActive = session(0, 50);
		LiveSession idle = session(5, 10);
		LiveSession recent = session(20, 30);
		assertThat(limit.toEndForNewSession(List.of(oldestButActive, recent, idle))).containsExactly(idle.id());
	}

	@Test
	void overTheLimitEnoughEndForTheNewOneToFitLeastRecentlyUsedFirst() {
		// e.g. after the limit was lowered: 5 live, limit 2, so 4 end and the new one makes 2
		SessionLimit limit = new SessionLimit(2);
		List<LiveSession> live = new ArrayList<>();
		for (int i = 5; i >= 1; i--) {
			live.add(session(i, i));
		}
		assertThat(limit.toEndForNewSession(live)).containsExactly(live.get(4).id(), live.get(3).id(),
				live.get(2).id(), live.get(1).id());
	}

	@Test
	void equalActivityEndsTheOlderSignInFirst() {
		SessionLimit limit = new SessionLimit(2);
		LiveSession older = session(1, 9);
		LiveSession newer = session(2, 9);
		assertThat(limit.toEndForNewSession(List.of(newer, older))).containsExactly(older.id());
	}

	@Test
	void aLimitOfOneEndsEveryOtherSession() {
		SessionLimit limit = new SessionLimit(1);
		LiveSession a = session(1, 1);
		LiveSession b = session(2, 2);
		assertThat(limit.toEndForNewSession(List.of(b, a))).containsExactly(a.id(), b.id());
	}

	@Test
	void aLimitBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionLimit(0));
	}

	private static LiveSession session(int createdMinute, int activeMinute) {
		return new LiveSession(UUID.randomUUID(), T.plusSeconds(60L * activeMinute), T.plusSeconds(60L * createdMinute));
	}
}
