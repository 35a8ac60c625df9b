package nexus.iam.config;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Tells a usable secret from a missing, placeholder or weak one. Two rules: {@link #weakness} for
 * the secrets a deployment makes itself (they can be long and random), {@link #issuedWeakness} for
 * those another party issues or a person sets on another system (a provider's client secret, an
 * SMTP or Redis password), whose shape Nexus does not choose.
 */
public final class Secrets {

	/** 32 characters of base64 carry 192 bits; anything shorter is refused in production. */
	public static final int MIN_LENGTH = 32;

	/** An issued secret shorter than this was typed by a person, or is a default. */
	public static final int MIN_ISSUED_LENGTH = 16;

	/** Words that mark a value somebody typed, long enough never to occur in a random one by chance. */
	private static final String[] PLACEHOLDERS = { "change", "default", "secret", "example", "password", "sample" };

	/** What to do about a secret the service uses itself. */
	private static final String GENERATE = "set " + MIN_LENGTH + " or more random characters, e.g. from 'openssl rand -base64 48'";

	/** What to do about a secret someone else issued (a provider, a mail or database server). */
	private static final String ISSUED = "set the value its issuer gave you";

	private Secrets() {
	}

	/** Why the value is not acceptable as a production secret, or empty when it is. */
	public static Optional<String> weakness(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return Optional.of("is missing: " + GENERATE);
		}
		if (value.length() < MIN_LENGTH) {
			return Optional.of("is shorter than " + MIN_LENGTH + " characters: " + GENERATE);
		}
		Optional<String> placeholder = placeholder(value);
		if (placeholder.isPresent()) {
			return placeholder.map((why) -> why + ": " + GENERATE);
		}
		if (value.chars().distinct().count() < 16) {
			return Optional.of("has too few distinct characters to be random: " + GENERATE);
		}
		return Optional.empty();
	}

	/** Why the value is not acceptable as a secret issued elsewhere, or empty when it is. */
	public static Optional<String> issuedWeakness(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return Optional.of("is missing: " + ISSUED);
		}
		if (value.length() < MIN_ISSUED_LENGTH) {
			return Optional.of("is shorter than " + MIN_ISSUED_LENGTH + " characters: " + ISSUED);
		}
		return placeholder(value).map((why) -> why + ": " + ISSUED);
	}

	private static Optional<String> placeholder(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		for (String placeholder : PLACEHOLDERS) {
			if (lower.contains(placeholder)) {
				return Optional.of("looks like a placeholder (contains '" + placeholder + "')");
			}
		}
		return Optional.empty();
	}
}
