package nexus.iam.notification;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestSmtp;

/** What the notification tests need to look at: received e-mails, and users made directly in the database. */
final class Mails {

	private Mails() {
	}

	/**
	 * One received e-mail, taken apart.
	 *
	 * @param contentType its top-level content type
	 * @param text the text/plain part
	 * @param html the text/html part
	 */
	record Received(MimeMessage message, String contentType, String text, String html) {

		static Received of(MimeMessage message) {
			try {
				MimeMultipart parts = (MimeMultipart) message.getContent();
				return new Received(message, message.getContentType(), part(parts, "text/plain"),
						part(parts, "text/html"));
			}
			catch (IOException | MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String subject() {
			try {
				return this.message.getSubject();
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String part(MimeMultipart parts, String type) throws MessagingException, IOException {
			for (int i = 0; i < parts.getCount(); i++) {
				BodyPart part = parts.getBodyPart(i);
				if (part.isMimeType(type)) {
					return (String) part.getContent();
				}
			}
			throw new AssertionError("no " + type + " part");
		}
	}

	static List<Received> to(String address) {
		return TestSmtp.messagesTo(address).stream().map(Received::of).toList();
	}

	/** A user made directly in the database, for what a sign-in cannot produce (no or unverified address). */
	static UUID insertUser(String email, boolean verified, String locale) throws SQLException {
		UUID id = UUID.randomUUID();
		try (Connection db = TestDatabase.connect();
				PreparedStatement insert = db.prepareStatement("INSERT INTO users (id, email, email_verified,"
						+ " display_name, locale, created_at, updated_at) VALUES (?, ?, ?, 'Test User', ?, ?, ?)")) {
			Timestamp now = Timestamp.from(Instant.now());
			insert.setObject(1, id);
			insert.setString(2, email);
			insert.setBoolean(3, verified);
			insert.setString(4, locale);
			insert.setTimestamp(5, now);
			insert.setTimestamp(6, now);
			insert.executeUpdate();
		}
		return id;
	}

	static String uniqueAddress(String prefix) {
		return prefix + "-" + UUID.randomUUID() + "@example.com";
	}
}
