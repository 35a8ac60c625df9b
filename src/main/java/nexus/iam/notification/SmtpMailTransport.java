package nexus.iam.notification;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends through an SMTP server, each e-mail as {@code multipart/alternative} (text, then HTML).
 * Every network step has a timeout, so a server that stops answering holds up only the outbox
 * dispatcher, and only for a bounded time.
 */
final class SmtpMailTransport implements MailTransport {

	private static final String UTF_8 = StandardCharsets.UTF_8.name();

	private final JavaMailSenderImpl sender = new JavaMailSenderImpl();

	private final InternetAddress from;

	SmtpMailTransport(MailProperties properties) {
		this.from = sender(properties);
		this.sender.setHost(properties.host());
		this.sender.setPort(properties.port());
		this.sender.setDefaultEncoding(UTF_8);
		boolean authenticate = properties.username() != null && !properties.username().isBlank();
		if (authenticate) {
			this.sender.setUsername(properties.username());
			this.sender.setPassword(properties.password());
		}
		String protocol = (properties.security() == MailProperties.Security.TLS) ? "smtps" : "smtp";
		this.sender.setProtocol(protocol);
		Properties mail = this.sender.getJavaMailProperties();
		String prefix = "mail." + protocol + ".";
		mail.setProperty(prefix + "connectiontimeout", millis(properties.connectTimeout()));
		mail.setProperty(prefix + "timeout", millis(properties.timeout()));
		mail.setProperty(prefix + "writetimeout", millis(properties.timeout()));
		mail.setProperty(prefix + "auth", Boolean.toString(authenticate));
		mail.setProperty(prefix + "ssl.checkserveridentity", "true");
		if (properties.security() == MailProperties.Security.STARTTLS) {
			// required, not just enabled: otherwise a server (or an attacker) not offering it gets plain text
			mail.setProperty("mail.smtp.starttls.enable", "true");
			mail.setProperty("mail.smtp.starttls.required", "true");
		}
	}

	@Override
	public void send(MailMessage message) {
		MimeMessage mime = this.sender.createMimeMessage();
		try {
			mime.setFrom(this.from);
			mime.setRecipient(MimeMessage.RecipientType.TO, recipient(message));
			mime.setSubject(message.subject(), UTF_8);
			mime.setSentDate(new Date());
			// RFC 3834: no vacation or out-of-office replies to this
			mime.setHeader("Auto-Submitted", "auto-generated");
			MimeMultipart alternatives = new MimeMultipart("alternative");
			alternatives.addBodyPart(part(message.text(), "plain"));
			alternatives.addBodyPart(part(message.html(), "html"));
			mime.setContent(alternatives);
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new MailPreparationException("cannot build the message: " + ex.getMessage(), ex);
		}
		this.sender.send(mime);
	}

	private static InternetAddress recipient(MailMessage message) throws UnsupportedEncodingException {
		try {
			InternetAddress address = new InternetAddress(message.to(), true);
			address.setPersonal(message.toName(), UTF_8);
			return address;
		}
		catch (AddressException ex) {
			throw new MailPreparationException("malformed recipient address", ex);
		}
	}

	private static MimeBodyPart part(String body, String subtype) throws MessagingException {
		MimeBodyPart part = new MimeBodyPart();
		part.setText(body, UTF_8, subtype);
		return part;
	}

	private static InternetAddress sender(MailProperties properties) {
		String from = (properties.from() != null && !properties.from().isBlank()) ? properties.from()
				: MailProperties.DEVELOPMENT_FROM;
		try {
			return new InternetAddress(from, true);
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException("NEXUS_MAIL_FROM is not a valid address: " + ex.getMessage(), ex);
		}
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}
}
