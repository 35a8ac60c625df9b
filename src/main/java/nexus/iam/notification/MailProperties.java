package nexus.iam.notification;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security e-mails: the SMTP server, and how the outbox is worked off. Without a host, e-mails are
 * written to the log instead of sent.
 *
 * @param host the SMTP server; empty: log only
 * @param port its port (587 for submission with STARTTLS, 465 for implicit TLS)
 * @param username the SMTP user, if the server wants authentication
 * @param password the SMTP password (a secret)
 * @param from the sender, e.g. {@code Nexus <no-reply@example.com>}
 * @param security how the connection is protected
 * @param connectTimeout how long connecting to the server may take
 * @param timeout how long each read from or write to the server may take
 * @param outbox how the outbox is worked off
 */
@ConfigurationProperties("nexus.mail")
public record MailProperties(@Nullable String host, @DefaultValue("587") int port, @Nullable String username,
		@Nullable String password, @Nullable String from, @DefaultValue("starttls") Security security,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration timeout,
		@DefaultValue Outbox outbox) {

	/** The sender when none is set: fine for a development mail catcher, rejected by real servers. */
	static final String DEVELOPMENT_FROM = "Nexus <no-reply@localhost>";

	public MailProperties {
		Duration oneMessage = connectTimeout.plus(timeout.multipliedBy(3));
		if (outbox.lease().compareTo(oneMessage.multipliedBy(2)) < 0) {
			// a dispatcher sends only while half its lease is left, which must cover one slow message
			throw new IllegalArgumentException("nexus.mail.outbox.lease must be at least twice"
					+ " connect-timeout + 3 x timeout (" + oneMessage.multipliedBy(2) + "), got " + outbox.lease());
		}
	}

	public boolean configured() {
		return this.host != null && !this.host.isBlank();
	}

	/** How the SMTP connection is protected. */
	public enum Security {

		/** Plain connection upgraded with STARTTLS; refuses a server that does not offer it. */
		STARTTLS,

		/** TLS from the first byte (SMTPS). */
		TLS,

		/** No encryption: only for a relay on the same host or a test server. */
		NONE
	}

	/**
	 * The outbox dispatcher.
	 *
	 * @param pollInterval how often each node looks for due e-mails
	 * @param batchSize how many e-mails one node claims at a time
	 * @param lease how long a claimed e-mail stays reserved for the node that claimed it; after
	 * that (the node died while sending) another node may send it
	 * @param retryInitialDelay the wait after the first failed attempt; each further failure waits
	 * five times as long
	 * @param retryMaxDelay the longest wait between attempts
	 * @param maxAttempts after this many failed attempts an e-mail is given up
	 * @param retention how long sent and failed e-mails are kept before they are deleted
	 */
	public record Outbox(@DefaultValue("1s") Duration pollInterval, @DefaultValue("10") int batchSize,
			@DefaultValue("2m") Duration lease, @DefaultValue("5s") Duration retryInitialDelay,
			@DefaultValue("1h") Duration retryMaxDelay, @DefaultValue("10") int maxAttempts,
			@DefaultValue("30d") Duration retention) {

		public Outbox {
			if (pollInterval.isNegative() || pollInterval.isZero()) {
				throw new IllegalArgumentException(
						"nexus.mail.outbox.poll-interval must be positive, got " + pollInterval);
			}
			if (batchSize < 1 || batchSize > 100) {
				throw new IllegalArgumentException("nexus.mail.outbox.batch-size must be 1 to 100, got " + batchSize);
			}
			if (maxAttempts < 1) {
				throw new IllegalArgumentException(
						"nexus.mail.outbox.max-attempts must be at least 1, got " + maxAttempts);
			}
			if (retryInitialDelay.isNegative() || retryMaxDelay.compareTo(retryInitialDelay) < 0) {
				throw new IllegalArgumentException("nexus.mail.outbox.retry-max-delay (" + retryMaxDelay
						+ ") must be at least retry-initial-delay (" + retryInitialDelay + ")");
			}
		}
	}
}
