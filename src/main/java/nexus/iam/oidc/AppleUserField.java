package nexus.iam.oidc;

import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code user} field of Sign in with Apple's first callback:
 * {@code {"name":{"firstName":…,"lastName":…},"email":…}}. Nothing in it is signed, so only the
 * name is used, and only as a display name: one line, no markup characters, bounded in length.
 */
final class AppleUserField {

	static final int MAX_PART = 50;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AppleUserField() {
	}

	/** The cleaned full name, or null when the field is absent, malformed or names nobody. */
	static @Nullable String name(@Nullable String field) {
		if (field == null || field.isBlank() || field.length() > 2048) {
			return null;
		}
		JsonNode name;
		try {
			name = JSON.readTree(field).path("name");
		}
		catch (JacksonException ex) {
			return null;
		}
		StringJoiner full = new StringJoiner(" ");
		for (String part : new String[] { "firstName", "lastName" }) {
			String cleaned = clean(name.path(part).isString() ? name.path(part).asString() : null);
			if (cleaned != null) {
				full.add(cleaned);
			}
		}
		return (full.length() > 0) ? full.toString() : null;
	}

	private static @Nullable String clean(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String cleaned = value.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}<>\"&]+", " ").replaceAll("\\s+", " ").strip();
		if (cleaned.isEmpty()) {
			return null;
		}
		return (cleaned.codePointCount(0, cleaned.length()) > MAX_PART)
				? cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_PART)) : cleaned;
	}
}
