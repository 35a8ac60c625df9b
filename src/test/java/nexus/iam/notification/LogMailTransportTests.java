package nexus.iam.notification;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The transport of the embedded default: e-mails to the log, whatever the log format. */
class LogMailTransportTests {

	@Test
	void sendThenRecipientSubjectAndTextLoggedAndNoHtml() {
		Logger logger = (Logger) LoggerFactory.getLogger("nexus.iam.mail");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			new LogMailTransport().send(new MailMessage("anna@example.com", "Anna",
					"New sign-in to your Nexus account", "Hello Anna,\n\n  Browser: Firefox 128\n", "<p>html part</p>"));
		}
		finally {
			logger.detachAppender(appender);
		}

		assertThat(appender.list).hasSize(1);
		ILoggingEvent event = appender.list.get(0);
		assertThat(event.getLevel()).isEqualTo(Level.INFO);
		assertThat(event.getFormattedMessage())
			.contains("to=anna@example.com", "subject=New sign-in to your Nexus account", "Hello Anna,",
					"Browser: Firefox 128")
			.doesNotContain("html part");
	}
}
