package nexus.iam.notification;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.RunMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The mail settings: their own checks, the transport they choose, what production mode says about them. */
class MailPropertiesTests {

	private static final MailProperties.Outbox OUTBOX = new MailProperties.Outbox(Duration.ofSeconds(1), 10,
			Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofHours(1), 10, Duration.ofDays(30));

	@Test
	void leaseWhenShorterThanTwoSlowMessagesThenRefused() {
		MailProperties.Outbox shortLease = new MailProperties.Outbox(Duration.ofSeconds(1), 10, Duration.ofSeconds(30),
				Duration.ofSeconds(5), Duration.ofHours(1), 10, Duration.ofDays(30));

		assertThatIllegalArgumentException().isThrownBy(() -> mail("smtp.example.com", null, shortLease))
			.withMessageContaining("nexus.mail.outbox.lease");
		assertThat(mail("smtp.example.com", null, OUTBOX).outbox().lease()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void outboxWhenOutOfRangeThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MailProperties.Outbox(Duration.ZERO, 10,
				Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofHours(1), 10, Duration.ofDays(30)))
			.withMessageContaining("poll-interval");
		assertThatIllegalArgumentException().isThrownBy(() -> new MailProperties.Outbox(Duration.ofSeconds(1), 0,
				Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofHours(1), 10, Duration.ofDays(30)))
			.withMessageContaining("batch-size");
		assertThatIllegalArgumentException().isThrownBy(() -> new MailProperties.Outbox(Duration.ofSeconds(1), 10,
				Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofHours(1), 0, Duration.ofDays(30)))
			.withMessageContaining("max-attempts");
		assertThatIllegalArgumentException().isThrownBy(() -> new MailProperties.Outbox(Duration.ofSeconds(1), 10,
				Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(1), 10, Duration.ofDays(30)))
			.withMessageContaining("retry-max-delay");
	}

	@Test
	void productionCheckWhenHostWithoutSenderThenProblemAndWithoutHostNone() {
		NotificationConfiguration configuration = new NotificationConfiguration();

		assertThat(configuration.mailProductionCheck(mail("smtp.example.com", null, OUTBOX)).problems())
			.singleElement()
			.asString()
			.contains("NEXUS_MAIL_FROM is missing");
		assertThat(configuration.mailProductionCheck(mail("smtp.example.com", "Nexus <no-reply@example.com>", OUTBOX))
			.problems()).isEmpty();
		// without a server the notices go to the log: allowed, with a warning at start-up
		assertThat(configuration.mailProductionCheck(mail(null, null, OUTBOX)).problems()).isEmpty();
	}

	@Test
	void mailTransportWhenNoHostThenTheLogElseSmtp() {
		NotificationConfiguration configuration = new NotificationConfiguration();
		NexusProperties nexus = new NexusProperties(RunMode.DEVELOPMENT, URI.create("http://localhost:8080"),
				Path.of(".nexus-data"), null);

		assertThat(configuration.mailTransport(mail(null, null, OUTBOX), nexus)).isInstanceOf(LogMailTransport.class);
		assertThat(configuration.mailTransport(mail(" ", null, OUTBOX), nexus)).isInstanceOf(LogMailTransport.class);
		assertThat(configuration.mailTransport(mail("smtp.example.com", null, OUTBOX), nexus))
			.isInstanceOf(SmtpMailTransport.class);
	}

	@Test
	void smtpTransportWhenSenderMalformedThenRefusedNamingTheVariable() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SmtpMailTransport(mail("smtp.example.com", "not an address <", OUTBOX)))
			.withMessageContaining("NEXUS_MAIL_FROM");
	}

	private static MailProperties mail(String host, String from, MailProperties.Outbox outbox) {
		return new MailProperties(host, 587, null, null, from, MailProperties.Security.STARTTLS, Duration.ofSeconds(5),
				Duration.ofSeconds(10), outbox);
	}
}
