package nexus.iam.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Without a mail server (development, or production without NEXUS_MAIL_HOST): each e-mail goes to the log. */
final class LogMailTransport implements MailTransport {

	private static final Logger log = LoggerFactory.getLogger("nexus.iam.mail");

	@Override
	public void send(MailMessage message) {
		log.info("Mail (not sent: NEXUS_MAIL_HOST is not set) to={} subject={}\n{}", message.to(), message.subject(),
				message.text());
	}
}
