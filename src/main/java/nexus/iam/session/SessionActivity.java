package nexus.iam.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import nexus.iam.surface.SessionUse;

/**
 * Keeps {@code last_activity_at} roughly current without a database write per request: a
 * request only notes its session in memory, at most once per
 * {@code nexus.session.activity-interval}, and a scheduled flush writes all noted sessions in one
 * statement off the request threads. A node that dies loses at most one flush interval of
 * activity, which is what "last active" can afford.
 */
@Component
public class SessionActivity implements SessionUse, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SessionActivity.class);

	private final SessionRepository sessions;

	private final Clock clock;

	/** Sessions noted within the interval: later requests of theirs cost one map lookup. */
	private final Cache<UUID, Boolean> recentlyNoted;

	private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

	SessionActivity(SessionRepository sessions, Clock clock, SessionProperties properties) {
		this.sessions = sessions;
		this.clock = clock;
		Duration interval = properties.activityInterval();
		this.recentlyNoted = Caffeine.newBuilder()
			.expireAfterWrite(interval)
			// the service's clock, so that the interval is the same one the tests move
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.maximumSize(1_000_000)
			.build();
	}

	/** Notes that the session was used now. Cheap enough for every authenticated request. */
	@Override
	public void touch(UUID sessionId) {
		if (this.recentlyNoted.asMap().putIfAbsent(sessionId, Boolean.TRUE) == null) {
			this.pending.put(sessionId, this.clock.instant());
		}
	}

	/** Writes what was noted since the last flush; scheduled, and run at shut-down. */
	public void flush() {
		if (this.pending.isEmpty()) {
			return;
		}
		Map<UUID, Instant> batch = new HashMap<>();
		for (UUID sessionId : this.pending.keySet()) {
			Instant at = this.pending.remove(sessionId);
			if (at != null) {
				batch.put(sessionId, at);
			}
		}
		try {
			this.sessions.recordActivity(batch);
		}
		catch (RuntimeException ex) {
			// put back what is not newer already, for the next flush
			batch.forEach((sessionId, at) -> this.pending.merge(sessionId, at, (a, b) -> a.isAfter(b) ? a : b));
			log.warn("Could not record the activity of {} sessions: {}", batch.size(), ex.toString());
		}
	}

	@Override
	public void destroy() {
		flush();
	}
}
