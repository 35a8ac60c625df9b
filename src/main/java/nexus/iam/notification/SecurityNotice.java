package nexus.iam.notification;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of security e-mail. {@link #value()} is what {@code email_outbox.kind} holds, names the
 * templates ({@code templates/mail/<value>.txt} and {@code .html}, or the shared
 * {@code account_change} ones, see {@code MailRenderer.template}) and prefixes the message keys
 * ({@code <value>.subject} in {@code mail/messages*.properties}). A new kind is a constant here, its
 * two templates, its messages and a method on {@link SecurityNotifications}.
 */
public enum SecurityNotice {

	NEW_DEVICE_SIGN_IN, SESSION_SIGNED_OUT_REMOTELY, ALL_SESSIONS_SIGNED_OUT, REFRESH_TOKEN_REUSE, IDENTITY_LINKED,
	IDENTITY_UNLINKED, TOTP_ENABLED, TOTP_DISABLED, RECOVERY_CODES_REGENERATED, PASSKEY_ADDED,
	PASSKEY_COUNTER_REGRESSED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The kind a stored value names; empty for one this version does not know (a newer node wrote it). */
	static Optional<SecurityNotice> of(String value) {
		return Arrays.stream(values()).filter((notice) -> notice.value().equals(value)).findFirst();
	}
}
