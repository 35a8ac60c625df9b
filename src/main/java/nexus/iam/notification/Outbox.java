package nexus.iam.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * Writes rows of other kinds than security e-mails into the outbox, each delivered by the
 * {@link OutboxDelivery} of its kind: in the caller's transaction, so a rolled-back action
 * delivers nothing, and delivered later (with retries, on any node, surviving restarts).
 */
@Service
public class Outbox {

	private final OutboxRepository repository;

	private final Clock clock;

	Outbox(OutboxRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * @param kind an {@link OutboxDelivery#kind()}
	 * @param payloadJson a JSON object with what the delivery needs, never a secret
	 */
	public void enqueue(UUID userId, String kind, String payloadJson) {
		if (SecurityNotice.of(kind).isPresent()) {
			throw new IllegalArgumentException("The kind " + kind + " is a security e-mail's");
		}
		Instant now = this.clock.instant();
		this.repository.insert(userId, kind, payloadJson, now, now);
	}
}
