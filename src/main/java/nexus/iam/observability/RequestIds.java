package nexus.iam.observability;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A request's id: the caller's {@code X-Request-ID} when it is well formed (a proxy or client
 * tracing its own calls), else a new UUID. Well formed means at most 128 characters of letters,
 * digits and {@code - _ . : / + =}: safe in a log line, a header and a span attribute.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-ID";

	static final int MAX_LENGTH = 128;

	private RequestIds() {
	}

	static String accept(@Nullable String presented) {
		return wellFormed(presented) ? presented : UUID.randomUUID().toString();
	}

	static boolean wellFormed(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}
}
