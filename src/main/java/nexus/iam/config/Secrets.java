package nexus.iam.config;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Tells a usable secret from a missing, placeholder or weak one. */
public final class Secrets {

	/** 32 characters of base64 carry 192 bits; anything shorter is refused in production. */
	public static final int MIN_LENGTH = 32;

	/** Words that mark a value somebody typed, long enough never to occur in a random one by chance. */
	private static final String[] PLACEHOLDERS = { "change", "default", "secret", "example", "password", "sample" };

	private Secrets() {
	}

	/** Why the value is not acceptable as a production secret, or empty when it is. */
	public static Optional<String> weakness(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return Optional.of("is missing");
		}
		if (value.length() < MIN_LENGTH) {
			return Optional.of("is shorter than " + MIN_LENGTH + " characters");
		}
		String lower = value.toLowerCase(Locale.ROOT);
		for (String placeholder : PLACEHOLDERS) {
			if (lower.contains(placeholder)) {
				return Optional.of("looks like a placeholder (contains '" + placeholder + "')");
			}
		}
		if (value.chars().distinct().count() < 16) {
			return Optional.of("has too few distinct characters to be random");
		}
		return Optional.empty();
	}
}
