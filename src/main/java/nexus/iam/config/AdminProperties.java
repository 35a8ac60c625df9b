package nexus.iam.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service token of the administration API ({@code /api/admin/**}), which is also the
 * initial access token of the OpenID Provider's client registration (RFC 7591 §3).
 *
 * @param token the service token that callers present as {@code Authorization: Bearer} (a secret,
 * at least 32 characters); without one, both answer 401 to everybody
 */
@ConfigurationProperties("nexus.admin")
public record AdminProperties(@Nullable String token) {

	/**
	 * Whether {@code presented} is the service token. Both sides are hashed before the
	 * constant-time comparison, so neither the content nor the length of the token leaks through
	 * timing.
	 */
	public boolean isToken(@Nullable String presented) {
		return this.token != null && !this.token.isBlank() && presented != null
				&& MessageDigest.isEqual(sha256(this.token), sha256(presented));
	}

	@Override
	public String toString() {
		return "AdminProperties[token=" + ((this.token != null) ? "(set)" : "(none)") + "]";
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}
}
