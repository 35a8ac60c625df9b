package nexus.iam.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the dispatcher every poll interval on a thread of its own, not on the application's shared
 * scheduler: a slow mail server must not hold up the revocation sync. Starts once the context is
 * up (the schema migrated) and stops before the connection pool closes, letting a send in
 * progress finish within the mail timeouts.
 */
final class OutboxWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

	/** Full batches worked off per tick: enough for a burst, few enough that a stop is prompt. */
	private static final int MAX_ROUNDS = 10;

	private final OutboxDispatcher dispatcher;

	private final MailProperties properties;

	private final Clock clock;

	private volatile @Nullable ScheduledExecutorService executor;

	private Instant lastCleanup = Instant.EPOCH;

	private boolean failing;

	OutboxWorker(OutboxDispatcher dispatcher, MailProperties properties, Clock clock) {
		this.dispatcher = dispatcher;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mail-outbox").daemon().factory());
		long interval = this.properties.outbox().pollInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
		this.executor = scheduler;
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService scheduler = this.executor;
		if (scheduler == null) {
			return;
		}
		this.executor = null;
		scheduler.shutdown();
		Duration grace = this.properties.connectTimeout().plus(this.properties.timeout().multipliedBy(3));
		try {
			if (!scheduler.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				// the e-mail in flight stays leased and is sent by another node, or this one after a restart
				scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			scheduler.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/** One round: due e-mails first, then now and again the clean-up. */
	void tick() {
		try {
			int batchSize = this.properties.outbox().batchSize();
			for (int round = 0; round < MAX_ROUNDS && isRunning(); round++) {
				if (this.dispatcher.dispatchOnce() < batchSize) {
					break; // nothing more is due, or the server is failing: wait for the next tick
				}
			}
			Instant now = this.clock.instant();
			if (!now.isBefore(this.lastCleanup.plus(CLEANUP_INTERVAL))) {
				this.dispatcher.cleanUp();
				this.lastCleanup = now;
			}
			if (this.failing) {
				log.info("Mail: the outbox is reachable again");
			}
			this.failing = false;
		}
		catch (RuntimeException ex) {
			// PostgreSQL is unreachable: claimed rows stay leased until their lease ends; try again next tick
			if (!this.failing) {
				log.warn("Mail: working off the outbox failed, retrying every {}: {}",
						this.properties.outbox().pollInterval(), ex.getMessage());
			}
			this.failing = true;
		}
	}
}
