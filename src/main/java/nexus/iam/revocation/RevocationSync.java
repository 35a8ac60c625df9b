package nexus.iam.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Keeps this node's cache and the shared copy in step with PostgreSQL. At start-up the cache is
 * loaded from PostgreSQL before the node serves anything. Then, on every tick: Redis unreachable
 * means degraded mode, where PostgreSQL is polled each tick; Redis back, or found empty (restart,
 * {@code FLUSHALL}), means it is rebuilt from PostgreSQL before it is trusted again; and a slower
 * safety poll runs even when all is well.
 */
final class RevocationSync implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(RevocationSync.class);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

	private final RevocationRepository repository;

	private final RevocationCache cache;

	private final RevocationBus bus;

	private final RevocationProperties properties;

	private final Clock clock;

	private volatile boolean degraded;

	/** Counts publish failures, so that a round does not clear one that happened during it. */
	private final java.util.concurrent.atomic.AtomicLong publishFailures = new java.util.concurrent.atomic.AtomicLong();

	private Instant lastPolledDatabaseTime = Instant.EPOCH;

	private Instant lastPoll = Instant.EPOCH;

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
		List<Revocation> active = this.repository.findActive(this.clock.instant());
		active.forEach(this.cache::apply);
		this.lastPolledDatabaseTime = databaseNow;
		this.lastPoll = this.clock.instant();
		if (this.bus.reachable()) {
			if (!this.bus.populated()) {
				this.bus.rebuild(active);
			}
		}
		else {
			this.degraded = true;
			log.warn("Revocations: the {} bus is unreachable at start-up; polling PostgreSQL every {}",
					this.bus.kind(), this.properties.pollInterval());
		}
		log.info("Revocations: {} active entries loaded from PostgreSQL", active.size());
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
				// back from an outage, or emptied under us: rebuild before trusting it again
				long failuresBefore = this.publishFailures.get();
				this.bus.rebuild(this.repository.findActive(now));
				poll(now);
				if (this.publishFailures.get() == failuresBefore) {
					if (this.degraded) {
						log.info("Revocations: the {} bus is back and rebuilt from PostgreSQL", this.bus.kind());
					}
					this.degraded = false;
				}
			}
			else if (!now.isBefore(this.lastPoll.plus(this.properties.safetyPollInterval()))) {
				poll(now);
			}
			if (!now.isBefore(this.lastCleanup.plus(CLEANUP_INTERVAL))) {
				this.cache.evictExpired(now);
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
