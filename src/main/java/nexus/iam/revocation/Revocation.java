package nexus.iam.revocation;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the deny-list.
 *
 * @param kind what is revoked
 * @param value the jti, session id or user id
 * @param notBefore for {@link Kind#USER}: tokens issued before this instant are invalid
 * @param expiresAt when the entry stops mattering: every token it covers has expired by then
 */
public record Revocation(Kind kind, String value, @Nullable Instant notBefore, Instant expiresAt) {

	/** What a revocation covers. */
	public enum Kind {

		/** One access token, by {@code jti}. */
		JTI("jwt"),
		/** Every access token of a session, by {@code sid}. */
		SESSION("session"),
		/** Every access token of a user issued before {@code notBefore}. */
		USER("user");

		private final String key;

		Kind(String key) {
			this.key = key;
		}

		/** The short name used in Redis keys and messages, e.g. {@code jwt}. */
		public String key() {
			return this.key;
		}

		static Kind ofKey(String key) {
			for (Kind kind : values()) {
				if (kind.key.equals(key)) {
					return kind;
				}
			}
			throw new IllegalArgumentException("unknown revocation kind " + key);
		}

		String column() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Kind ofColumn(String column) {
			return valueOf(column.toUpperCase(Locale.ROOT));
		}
	}

	/** The wire form for pub/sub: {@code kind|value|notBeforeMillis|expiresAtMillis}. */
	String encode() {
		return this.kind.key() + "|" + this.value + "|" + ((this.notBefore != null) ? this.notBefore.toEpochMilli() : "")
				+ "|" + this.expiresAt.toEpochMilli();
	}

	static Revocation decode(String message) {
		String[] parts = message.split("\\|", -1);
		if (parts.length != 4) {
			throw new IllegalArgumentException("malformed revocation message");
		}
		return new Revocation(Kind.ofKey(parts[0]), parts[1],
				parts[2].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(parts[2])),
				Instant.ofEpochMilli(Long.parseLong(parts[3])));
	}
}
