package nexus.iam.notification;

import org.jspecify.annotations.Nullable;

/**
 * One rendered e-mail, ready to send.
 *
 * @param to the recipient's address
 * @param toName the recipient's name, for the {@code To} header
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML body, the same content
 */
record MailMessage(String to, @Nullable String toName, String subject, String text, String html) {
}
