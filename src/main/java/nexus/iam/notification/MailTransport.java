package nexus.iam.notification;

/** Hands rendered e-mails on: to an SMTP server, or to the log where there is none. */
interface MailTransport {

	/**
	 * Sends one e-mail, or throws. A {@link org.springframework.mail.MailPreparationException}
	 * says this message can never be sent (e.g. a malformed address); any other exception that
	 * sending failed and may succeed later.
	 */
	void send(MailMessage message);
}
