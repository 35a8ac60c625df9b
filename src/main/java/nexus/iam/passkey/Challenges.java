package nexus.iam.passkey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.passkey.PasskeyRepository.ChallengeRow;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * WebAuthn challenges: made by an options endpoint, kept in PostgreSQL (so that any node can take
 * the answer) under the SHA-256 of a random handle that only the browser holds, in a cookie. An
 * answer takes the row out whatever the outcome: a challenge answers once, and a copied cookie
 * is worth nothing after that.
 */
@Component
class Challenges {

	static final String COOKIE = "nexus_passkey";

	/** Both the sign-in endpoints and the account's passkey endpoints live under it. */
	static final String COOKIE_PATH = "/api";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final PasskeyRepository repository;

	private final CookieFactory cookies;

	private final Clock clock;

	private final Duration lifetime;

	Challenges(PasskeyRepository repository, CookieFactory cookies, Clock clock, PasskeyProperties properties) {
		this.repository = repository;
		this.cookies = cookies;
		this.clock = clock;
		this.lifetime = properties.challengeLifetime();
	}

	/** What to send: the challenge for the options and the cookie that binds it to the browser. */
	record Issued(byte[] challenge, ResponseCookie cookie, Duration lifetime) {
	}

	/** What an answer was for: its challenge and, for a signed-in purpose, the user and session. */
	record Taken(byte[] challenge, @Nullable UUID userId, @Nullable UUID sessionId) {
	}

	Issued issue(Purpose purpose, @Nullable UUID userId, @Nullable UUID sessionId) {
		byte[] challenge = random(32);
		String handle = BASE64URL.encodeToString(random(32));
		Instant now = this.clock.instant();
		this.repository.insertChallenge(sha256(handle), challenge, purpose.value(), userId, sessionId,
				now.plus(this.lifetime), now);
		return new Issued(challenge,
				this.cookies.create(COOKIE, handle, COOKIE_PATH, CookieFactory.Scope.HOST, this.lifetime, "Strict"),
				this.lifetime);
	}

	/**
	 * Takes the challenge this browser holds for this purpose.
	 * @throws ProblemException {@code passkey_challenge_invalid} when there is none, it expired, or
	 * it was made for another purpose, user or session
	 */
	Taken take(HttpServletRequest request, Purpose purpose, @Nullable UUID userId, @Nullable UUID sessionId) {
		String handle = handle(request);
		if (handle == null) {
			throw new ProblemException(ErrorCode.PASSKEY_CHALLENGE_INVALID, "This browser holds no passkey challenge");
		}
		ChallengeRow row = this.repository.takeChallenge(sha256(handle))
			.orElseThrow(() -> new ProblemException(ErrorCode.PASSKEY_CHALLENGE_INVALID));
		boolean fits = row.expiresAt().isAfter(this.clock.instant()) && purpose.value().equals(row.purpose())
				&& java.util.Objects.equals(userId, row.userId()) && java.util.Objects.equals(sessionId, row.sessionId());
		if (!fits) {
			throw new ProblemException(ErrorCode.PASSKEY_CHALLENGE_INVALID);
		}
		return new Taken(row.challenge(), row.userId(), row.sessionId());
	}

	ResponseCookie expire() {
		return this.cookies.expire(COOKIE, COOKIE_PATH, CookieFactory.Scope.HOST, "Strict");
	}

	private @Nullable String handle(HttpServletRequest request) {
		Cookie[] all = request.getCookies();
		if (all == null) {
			return null;
		}
		String name = this.cookies.name(COOKIE, COOKIE_PATH, CookieFactory.Scope.HOST);
		for (Cookie cookie : all) {
			if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty() && cookie.getValue().length() <= 64) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private static byte[] random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return value;
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a challenge may be answered for. */
	enum Purpose {
		REGISTER, SIGN_IN, STEP_UP;

		String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}
}
