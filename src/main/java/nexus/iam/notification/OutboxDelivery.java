package nexus.iam.notification;

/**
 * How the outbox delivers rows of a kind that is not a security e-mail (a back-channel logout,
 * say): a bean of this type per kind, written to the outbox with {@link Outbox#enqueue}. The
 * dispatcher claims, leases, retries with its back-off and gives up after
 * {@code nexus.mail.outbox.max-attempts} exactly as for e-mails; the delivery only makes one
 * attempt and says how it went. It runs on the outbox's thread with no transaction open, and must
 * finish well within half the lease ({@code nexus.mail.outbox.lease}).
 */
public interface OutboxDelivery {

	/** The {@code kind} of the rows it delivers; never a {@link SecurityNotice} value. */
	String kind();

	/** One attempt at delivering the row; never throws for a failed delivery, says so instead. */
	Attempt deliver(OutboxItem item);

	/** How one attempt went. */
	sealed interface Attempt {

		static Attempt delivered() {
			return new Delivered();
		}

		/** Failed, may succeed later: retried after the back-off, until the attempts run out. */
		static Attempt failed(String reason) {
			return new Failed(reason);
		}

		/** Can never succeed: given up at once. */
		static Attempt hopeless(String reason) {
			return new Hopeless(reason);
		}
	}

	record Delivered() implements Attempt {
	}

	/** @param reason short, single-line, no secrets: stored as the row's {@code last_error} */
	record Failed(String reason) implements Attempt {
	}

	/** @param reason short, single-line, no secrets: stored as the row's {@code last_error} */
	record Hopeless(String reason) implements Attempt {
	}
}
