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

import org.springframework.http.ResponseCookie;

import nexus.iam.config.CookieFactory;
import nexus.iam.config.CookieFactory.Scope;

/**
 * The sign-in state as a short-lived cookie, encrypted and authenticated (JWE, direct A256GCM), so
 * the browser can neither read the PKCE verifier nor change where it will be sent. Host-only with
 * {@code Path=/}, hence {@code __Host-} over https, and {@code SameSite=Lax}, which a top-level
 * redirect back from the provider carries.
 */
final class LoginStateCookie {

	static final String NAME = "nexus_login";

	/** Path=/ so that over https the cookie is {@code __Host-}: a sibling host cannot plant one. */
	static final String PATH = "/";

	private static final String PURPOSE = "nexus-iam/login-state/v1";

	private final DirectEncrypter encrypter;

	private final DirectDecrypter decrypter;

	private final CookieFactory cookies;

	private final Duration lifetime;

	private final Clock clock;

	private final String name;

	LoginStateCookie(byte[] secret, CookieFactory cookies, Duration lifetime, Clock clock) {
		byte[] key = deriveKey(secret);
		try {
			this.encrypter = new DirectEncrypter(key);
			this.decrypter = new DirectDecrypter(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot set up the sign-in state cipher", ex);
		}
		this.cookies = cookies;
		this.lifetime = lifetime;
		this.clock = clock;
		this.name = cookies.name(NAME, PATH, Scope.HOST);
	}

	ResponseCookie create(LoginState state) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("provider", state.provider())
			.claim("state", state.state())
			.claim("nonce", state.nonce())
			.claim("cv", state.codeVerifier())
			.claim("rt", state.returnTo())
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.build();
		EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), claims);
		try {
			jwt.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot encrypt the sign-in state", ex);
		}
		return this.cookies.create(NAME, jwt.serialize(), PATH, Scope.HOST, this.lifetime, "Lax");
	}

	ResponseCookie expire() {
		return this.cookies.expire(NAME, PATH, Scope.HOST, "Lax");
	}

	/** The state this browser carries, if it is genuine and not expired. */
	Optional<LoginState> read(HttpServletRequest request) {
		String value = cookieValue(request);
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
			return Optional.of(new LoginState(claims.getStringClaim("provider"), claims.getStringClaim("state"),
					claims.getStringClaim("nonce"), claims.getStringClaim("cv"), claims.getStringClaim("rt")));
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return Optional.empty();
		}
	}

	private @Nullable String cookieValue(HttpServletRequest request) {
		Cookie[] all = request.getCookies();
		if (all == null) {
			return null;
		}
		for (Cookie cookie : all) {
			if (this.name.equals(cookie.getName())) {
				return cookie.getValue();
			}
		}
		return null;
	}

	/** HMAC-SHA256 of a fixed label under the configured secret: a 256-bit key for this purpose only. */
	private static byte[] deriveKey(byte[] secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(PURPOSE.getBytes(StandardCharsets.US_ASCII));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}
}
