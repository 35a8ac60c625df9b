package nexus.iam.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Keeps this node's cache and the shared copy in step with PostgreSQL. At start-up the cache is
 * loaded from PostgreSQL, page by page, before the node serves anything: readiness means every
 * revoked token is refused. Then, on every tick: Redis unreachable means degraded mode, where
 * PostgreSQL is polled each tick; Redis back, or found empty (restart, {@code FLUSHALL}), means it
 * is rebuilt from PostgreSQL, and polled each tick until it is; and a slower safety poll runs even
 * when all is well.
 * <p>
 * The rebuild of the shared copy (a pipelined {@code SET} per entry) runs on a thread of its own,
 * never on the start-up path nor inside the tick: it can take seconds per 100,000 entries, and
 * this node does not need it (its memory is complete, and the subscription, which it does need,
 * is made first).
 */
final class RevocationSync implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RevocationSync.class);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

	/** Rows read from PostgreSQL per page, loading the cache and rebuilding the shared copy. */
	static final int PAGE_SIZE = 5_000;

	private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(
			Thread.ofPlatform().name("revocation-rebuild").daemon().factory());

	private final AtomicBoolean rebuilding = new AtomicBoolean();

	private final RevocationRepository repository;

	private final RevocationCache cache;

	private final RevocationBus bus;

	private final RevocationProperties properties;

	private final Clock clock;

	private volatile boolean degraded;

	/** Counts publish failures, so that a round does not clear one that happened during it. */
	private final AtomicLong publishFailures = new AtomicLong();

	private Instant lastPolledDatabaseTime = Instant.EPOCH;

	/** Volatile: a finished rebuild resets it, so that the next tick polls once more. */
	private volatile Instant lastPoll = Instant.EPOCH;

	private Instant lastCleanup = Instant.EPOCH;

	RevocationSync(RevocationRepository repository, RevocationCache cache, RevocationBus bus,
			RevocationProperties properties, Clock clock) {
		this.repository = repository;
		this.cache = cache;
		this.bus = bus;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		this.bus.listen(this.cache::apply);
		Instant databaseNow = this.repository.databaseNow();
		int loaded = this.repository.forEachActivePage(this.clock.instant(), PAGE_SIZE,
				(page) -> page.forEach(this.cache::apply));
		this.lastPolledDatabaseTime = databaseNow;
		this.lastPoll = this.clock.instant();
		if (this.bus.reachable()) {
			if (!this.bus.populated()) {
				startRebuild();
			}
		}
		else {
			this.degraded = true;
			log.warn("Revocations: the {} bus is unreachable at start-up; polling PostgreSQL every {}",
					this.bus.kind(), this.properties.pollInterval());
		}
		log.info("Revocations: {} active entries loaded from PostgreSQL", loaded);
	}

	/** One round; scheduled every {@code nexus.revocation.poll-interval}. */
	synchronized void tick() {
		Instant now = this.clock.instant();
		try {
			if (!this.bus.reachable()) {
				if (!this.degraded) {
					log.warn("Revocations: the {} bus is unreachable; degraded mode, polling PostgreSQL every {}",
							this.bus.kind(), this.properties.pollInterval());
				}
				this.degraded = true;
				poll(now);
			}
			else if (this.degraded || !this.bus.populated()) {
				// back from an outage, or emptied under us: rebuilt (on its own thread) before it is
				// trusted again; until then PostgreSQL is polled every tick
				startRebuild();
				poll(now);
			}
			else if (!now.isBefore(this.lastPoll.plus(this.properties.safetyPollInterval()))) {
				poll(now);
			}
			if (!now.isBefore(this.lastCleanup.plus(CLEANUP_INTERVAL))) {
				this.cache.evictExpired(now);
				reloadIfOverflowed(now);
				Instant cutoff = now.minus(Duration.ofHours(1));
				for (int round = 0; round < 100 && this.repository.deleteExpired(cutoff, 1000) == 1000; round++) {
					// in batches, so that no transaction holds many locks
				}
				this.lastCleanup = now;
			}
		}
		catch (RuntimeException ex) {
			// PostgreSQL itself is unreachable: keep what the cache holds and try again next tick
			log.warn("Revocations: synchronisation failed: {}", ex.getMessage());
		}
	}

	/** Starts rebuilding the shared copy unless a rebuild is under way. */
	private void startRebuild() {
		if (!this.rebuilding.compareAndSet(false, true)) {
			return;
		}
		long failuresBefore = this.publishFailures.get();
		try {
			this.rebuilder.execute(() -> {
				try {
					this.bus.rebuild((page) -> this.repository.forEachActivePage(this.clock.instant(), PAGE_SIZE, page));
					if (this.publishFailures.get() == failuresBefore) {
						if (this.degraded) {
							log.info("Revocations: the {} bus is back and rebuilt from PostgreSQL", this.bus.kind());
						}
						this.degraded = false;
					}
					// one more poll on the next tick: covers what was recorded while the subscription was down
					this.lastPoll = Instant.EPOCH;
				}
				catch (RuntimeException ex) {
					log.warn("Revocations: rebuilding the {} bus failed; next try on the next tick: {}", this.bus.kind(),
							ex.getMessage());
				}
				finally {
					this.rebuilding.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.rebuilding.set(false); // shutting down
		}
	}

	/** Whether the shared copy is being rebuilt (for health details). */
	boolean rebuilding() {
		return this.rebuilding.get();
	}

	/**
	 * After entries expired: if the cache had overflowed and now has room, loads it again from
	 * PostgreSQL, and leaves the overflow only if every active entry fitted.
	 */
	private void reloadIfOverflowed(Instant now) {
		if (!this.cache.overflowed() || this.cache.size() > this.cache.maxEntries() / 2) {
			return;
		}
		long mark = this.cache.refusals();
		this.repository.forEachActivePage(now, PAGE_SIZE, (page) -> page.forEach(this.cache::apply));
		if (this.cache.clearOverflow(mark)) {
			log.info("Revocations: every active entry fits in memory again ({} entries)", this.cache.size());
		}
	}

	@Override
	public void destroy() {
		this.rebuilder.shutdownNow();
	}

	/** A publish failed: treat the bus as down until the next tick proves otherwise. */
	void markDegraded() {
		this.publishFailures.incrementAndGet();
		this.degraded = true;
	}

	boolean degraded() {
		return this.degraded;
	}

	String busKind() {
		return this.bus.kind();
	}

	private void poll(Instant now) {
		Instant databaseNow = this.repository.databaseNow();
		this.repository.findRecordedSince(this.lastPolledDatabaseTime.minus(this.properties.pollOverlap()))
			.forEach(this.cache::apply);
		this.lastPolledDatabaseTime = databaseNow;
		this.lastPoll = now;
	}
}
