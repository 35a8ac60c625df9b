package nexus.iam.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) that receives the service's e-mails: started once per test run on
 * a free loopback port. A test may stop it to play a mail outage, and must start it again.
 */
public final class TestSmtp {

	public static final String HOST = "127.0.0.1";

	private static GreenMail server;

	private static int port;

	private TestSmtp() {
	}

	/** The settings that point a node at this server, with an outbox quick enough for tests. */
	public static synchronized Map<String, String> settings() {
		start();
		return Map.of("nexus.mail.host", HOST, "nexus.mail.port", Integer.toString(port), "nexus.mail.security",
				"none", "nexus.mail.from", "Nexus Test <security@nexus.test>", "nexus.mail.outbox.poll-interval",
				"100ms", "nexus.mail.outbox.retry-initial-delay", "200ms", "nexus.mail.outbox.retry-max-delay", "1s");
	}

	public static synchronized void start() {
		if (server == null) {
			port = FreePorts.next();
			server = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
		}
		if (!server.isRunning()) {
			server.start();
		}
	}

	/** Stops accepting connections; what was received so far is forgotten. */
	public static synchronized void stop() {
		server.stop();
	}

	/** The e-mails received so far for this address, oldest first. */
	public static synchronized List<MimeMessage> messagesTo(String address) {
		return Arrays.stream(server.getReceivedMessages()).filter((message) -> sentTo(message, address)).toList();
	}

	private static boolean sentTo(MimeMessage message, String address) {
		try {
			Address[] to = message.getAllRecipients();
			return to != null && Arrays.stream(to)
				.anyMatch((recipient) -> ((InternetAddress) recipient).getAddress().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
