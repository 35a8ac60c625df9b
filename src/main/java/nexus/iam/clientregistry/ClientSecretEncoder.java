package nexus.iam.clientregistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.security.crypto.password.AbstractValidatingPasswordEncoder;

/**
 * How client secrets are kept: SHA-256, as base64url. A slow password hash (bcrypt, Argon2) is for
 * secrets people choose; Nexus's generated secrets carry 256 random bits, which no guessing at a
 * stolen hash can reach, so one fast hash protects them as well and keeps every client
 * authentication at the token endpoint cheap. A secret from the settings is an operator's: it is
 * held to the same length there (see {@link SettingsClients}). Spring Authorization Server's client
 * authentication uses this encoder, as the application's one {@code PasswordEncoder} bean.
 */
public final class ClientSecretEncoder extends AbstractValidatingPasswordEncoder {

	@Override
	protected String encodeNonNullPassword(String rawPassword) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(rawPassword));
	}

	@Override
	protected boolean matchesNonNull(String rawPassword, String encodedPassword) {
		// constant time: compare the hashes' bytes, both of one length
		return MessageDigest.isEqual(encodeNonNullPassword(rawPassword).getBytes(StandardCharsets.US_ASCII),
				encodedPassword.getBytes(StandardCharsets.US_ASCII));
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}
}
