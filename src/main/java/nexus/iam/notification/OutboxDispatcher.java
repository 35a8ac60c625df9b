package nexus.iam.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailPreparationException;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.identity.IdentityService;
import nexus.iam.identity.Recipient;
import nexus.iam.notification.OutboxRepository.OutboxEntry;

/**
 * Works off the outbox, one batch at a time: security e-mails, and rows of the other kinds through
 * their {@link OutboxDelivery}. A batch is claimed in one short statement that
 * leases its rows (skipping rows other nodes are claiming), then sent with no transaction open,
 * and each outcome is recorded on its own. Several nodes may run this against one database: a
 * leased row is not due for anyone else until its lease ends, which happens only if its node
 * died while sending. Delivery is therefore at least once, not exactly once: a node that dies
 * between handing an e-mail to the server and recording it lets another node send it again.
 */
final class OutboxDispatcher {

	private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

	/** 5 s, 25 s, about 2 min, 10 min, 52 min, … with the default first delay. */
	private static final int BACK_OFF_FACTOR = 5;

	private static final int MAX_ERROR_LENGTH = 200;

	private static final int CLEANUP_BATCH = 500;

	private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
	};

	private final OutboxRepository repository;

	private final IdentityService identities;

	private final MailRenderer renderer;

	private final MailTransport transport;

	private final MailProperties.Outbox settings;

	private final JsonMapper json;

	private final Clock clock;

	/** The deliveries of the kinds that are not e-mails, by kind. */
	private final Map<String, OutboxDelivery> deliveries;

	OutboxDispatcher(OutboxRepository repository, IdentityService identities, MailRenderer renderer,
			MailTransport transport, MailProperties.Outbox settings, JsonMapper json, Clock clock,
			List<OutboxDelivery> deliveries) {
		this.deliveries = byKind(deliveries);
		this.repository = repository;
		this.identities = identities;
		this.renderer = renderer;
		this.transport = transport;
		this.settings = settings;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Claims one batch of due e-mails and sends it. Returns how many it dealt with: fewer than a
	 * full batch when nothing more was due, or when it stopped early and gave the rest back.
	 */
	int dispatchOnce() {
		Instant claimedAt = this.clock.instant();
		Instant leaseEnd = claimedAt.plus(this.settings.lease());
		// sending stops with half the lease left, so that no send outlasts the lease
		Instant sendUntil = leaseEnd.minus(this.settings.lease().dividedBy(2));
		List<OutboxEntry> batch = this.repository.claim(claimedAt, leaseEnd, this.settings.batchSize());
		int next = 0;
		while (next < batch.size() && this.clock.instant().isBefore(sendUntil)) {
			if (!deliver(batch.get(next++))) {
				// the server failed: spare the rest of the batch its timeouts, they are due again at once
				break;
			}
		}
		this.repository.release(batch.subList(next, batch.size()).stream().map(OutboxEntry::id).toList(),
				this.clock.instant());
		return next;
	}

	/** Deletes sent and failed e-mails older than the retention, in small batches; returns how many. */
	int cleanUp() {
		Instant cutoff = this.clock.instant().minus(this.settings.retention());
		int total = 0;
		for (int round = 0; round < 100; round++) {
			int deleted = this.repository.deleteFinished(cutoff, CLEANUP_BATCH);
			total += deleted;
			if (deleted < CLEANUP_BATCH) {
				break;
			}
		}
		return total;
	}

	private static Map<String, OutboxDelivery> byKind(List<OutboxDelivery> deliveries) {
		Map<String, OutboxDelivery> byKind = new java.util.HashMap<>();
		for (OutboxDelivery delivery : deliveries) {
			if (SecurityNotice.of(delivery.kind()).isPresent() || byKind.put(delivery.kind(), delivery) != null) {
				throw new IllegalStateException("Two outbox deliveries for the kind " + delivery.kind());
			}
		}
		return Map.copyOf(byKind);
	}

	/**
	 * Delivers one claimed row and records the outcome; false when the mail server failed. A row
	 * of another kind than an e-mail goes to its own delivery, whose failure concerns that row
	 * only (one receiver that is down says nothing about the others), so the batch goes on.
	 */
	private boolean deliver(OutboxEntry entry) {
		OutboxDelivery other = this.deliveries.get(entry.kind());
		if (other != null) {
			deliverOther(other, entry);
			return true;
		}
		Optional<SecurityNotice> notice = SecurityNotice.of(entry.kind());
		if (notice.isEmpty()) {
			// written by a newer version during a rolling update: once the lease ends, a node that knows it sends it
			log.debug("Mail: outbox row {} has a kind this version does not know ({})", entry.id(), entry.kind());
			return true;
		}
		Optional<Recipient> recipient = this.identities.recipient(entry.userId());
		String unreachable = unreachable(recipient.orElse(null));
		if (unreachable != null) {
			this.repository.markFailed(entry.id(), entry.attempts(), unreachable);
			log.info("Mail: outbox row {} ({}) not sent: {}", entry.id(), entry.kind(), unreachable);
			return true;
		}
		MailMessage message;
		try {
			message = this.renderer.render(notice.get(), this.json.readValue(entry.payloadJson(), PAYLOAD),
					recipient.get().email(), recipient.get());
		}
		catch (RuntimeException ex) {
			failed(entry, ex);
			return true;
		}
		try {
			this.transport.send(message);
		}
		catch (MailPreparationException ex) {
			giveUp(entry, entry.attempts() + 1, describe(ex));
			return true;
		}
		catch (RuntimeException ex) {
			failed(entry, ex);
			return false;
		}
		this.repository.markSent(entry.id(), this.clock.instant());
		log.debug("Mail: outbox row {} ({}) sent", entry.id(), entry.kind());
		return true;
	}

	private void deliverOther(OutboxDelivery delivery, OutboxEntry entry) {
		int attempt = entry.attempts() + 1;
		OutboxDelivery.Attempt outcome;
		try {
			outcome = delivery.deliver(new OutboxItem(entry.id(), entry.userId(), entry.kind(), entry.payloadJson(),
					attempt, attempt >= this.settings.maxAttempts()));
		}
		catch (RuntimeException ex) {
			outcome = OutboxDelivery.Attempt.failed(describe(ex));
		}
		switch (outcome) {
			case OutboxDelivery.Delivered delivered -> {
				this.repository.markSent(entry.id(), this.clock.instant());
				log.debug("Outbox: row {} ({}) delivered", entry.id(), entry.kind());
			}
			case OutboxDelivery.Failed failed -> retryOrGiveUp(entry, attempt, shorten(failed.reason()));
			case OutboxDelivery.Hopeless hopeless -> giveUp(entry, attempt, shorten(hopeless.reason()));
		}
	}

	private static @Nullable String unreachable(@Nullable Recipient recipient) {
		if (recipient == null) {
			return "no user";
		}
		if (recipient.email() == null || recipient.email().isBlank()) {
			return "no address";
		}
		// an address nobody verified may belong to someone else, who must not learn where this user signs in
		return recipient.emailVerified() ? null : "unverified address";
	}

	private void failed(OutboxEntry entry, RuntimeException ex) {
		retryOrGiveUp(entry, entry.attempts() + 1, describe(ex));
	}

	private void retryOrGiveUp(OutboxEntry entry, int attempts, String error) {
		if (attempts >= this.settings.maxAttempts()) {
			giveUp(entry, attempts, error);
			return;
		}
		Instant next = this.clock.instant()
			.plus(backOff(attempts, this.settings.retryInitialDelay(), this.settings.retryMaxDelay()));
		this.repository.markRetry(entry.id(), attempts, next, error);
		log.info("Outbox: attempt {} for row {} ({}) failed, next at {}: {}", attempts, entry.id(), entry.kind(), next,
				error);
	}

	private void giveUp(OutboxEntry entry, int attempts, String error) {
		this.repository.markFailed(entry.id(), attempts, error);
		log.warn("Outbox: gave up on row {} ({}) after {} attempts: {}", entry.id(), entry.kind(), attempts,
				error);
	}

	/** The wait after the given number of failed attempts: growing fivefold, at most {@code max}. */
	static Duration backOff(int attempts, Duration initial, Duration max) {
		Duration delay = initial;
		for (int attempt = 1; attempt < attempts && delay.compareTo(max) < 0; attempt++) {
			delay = delay.multipliedBy(BACK_OFF_FACTOR);
		}
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	/** A short, single-line reason for {@code last_error}; exception messages carry no credentials. */
	private static String describe(RuntimeException ex) {
		return shorten(ex.getClass().getSimpleName() + ": " + ex.getMessage());
	}

	private static String shorten(String reason) {
		String text = reason.replaceAll("\\p{Cntrl}+", " ");
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) : text;
	}
}
