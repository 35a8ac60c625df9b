package nexus.iam.login;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Claims a browser carries but can neither read nor change: JWE, direct A256GCM, under a key
 * derived for one purpose from the state secret, with an expiry. Each cookie of the sign-in flow
 * has its own purpose, so one can never be replayed as another.
 */
public final class SealedCookieValues {

	private final DirectEncrypter encrypter;

	private final DirectDecrypter decrypter;

	private final Clock clock;

	public SealedCookieValues(byte[] secret, String purpose, Clock clock) {
		byte[] key = deriveKey(secret, purpose);
		try {
			this.encrypter = new DirectEncrypter(key);
			this.decrypter = new DirectDecrypter(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot set up the cipher for " + purpose, ex);
		}
		this.clock = clock;
	}

	/** The claims, sealed, valid for {@code lifetime}. */
	public String seal(JWTClaimsSet.Builder claims, Duration lifetime) {
		Instant now = this.clock.instant();
		EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
				claims.expirationTime(Date.from(now.plus(lifetime))).build());
		try {
			jwt.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot seal a cookie value", ex);
		}
		return jwt.serialize();
	}

	/** The claims of a genuine, unexpired value; empty for anything else. */
	public Optional<JWTClaimsSet> open(@Nullable String value) {
		if (value == null) {
			return Optional.empty();
		}
		try {
			EncryptedJWT jwt = EncryptedJWT.parse(value);
			if (!JWEAlgorithm.DIR.equals(jwt.getHeader().getAlgorithm())
					|| !EncryptionMethod.A256GCM.equals(jwt.getHeader().getEncryptionMethod())) {
				return Optional.empty();
			}
			jwt.decrypt(this.decrypter);
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Date exp = claims.getExpirationTime();
			if (exp == null || !exp.toInstant().isAfter(this.clock.instant())) {
				return Optional.empty();
			}
			return Optional.of(claims);
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return Optional.empty();
		}
	}

	public static @Nullable String cookieValue(HttpServletRequest request, String name) {
		Cookie[] all = request.getCookies();
		if (all == null) {
			return null;
		}
		for (Cookie cookie : all) {
			if (name.equals(cookie.getName())) {
				return cookie.getValue();
			}
		}
		return null;
	}

	/** HMAC-SHA256 of the purpose under the configured secret: a 256-bit key for this purpose only. */
	private static byte[] deriveKey(byte[] secret, String purpose) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}
}
