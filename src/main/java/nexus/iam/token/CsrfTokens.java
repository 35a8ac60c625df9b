package nexus.iam.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * CSRF synchronizer tokens, one per session: the HMAC-SHA256 of the session id under a server key.
 * Derived rather than stored, so that every node knows a session's token without a look-up, no
 * store can lose it, and a token of one session is worthless for another.
 */
public final class CsrfTokens {

	public static final String HEADER = "X-CSRF-Token";

	private final SecretKeySpec key;

	CsrfTokens(byte[] secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			this.key = new SecretKeySpec(mac.doFinal("nexus-iam/csrf/v1".getBytes(StandardCharsets.US_ASCII)),
					"HmacSHA256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	public String tokenFor(UUID sessionId) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(sessionId));
	}

	/** Constant-time: whether the presented token is the session's. */
	public boolean matches(UUID sessionId, @Nullable String presented) {
		if (presented == null) {
			return false;
		}
		byte[] decoded;
		try {
			decoded = Base64.getUrlDecoder().decode(presented);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(mac(sessionId), decoded);
	}

	private byte[] mac(UUID sessionId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(sessionId.toString().getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}
}
