package nexus.iam.passkey;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.TokenPair;

/**
 * What every answer to a ceremony sets in the browser: the spent challenge's cookie cleared and,
 * when the answer signs in or steps up, the session's token cookies and CSRF header.
 */
@Component
class PasskeyResponses {

	private final Challenges challenges;

	private final AuthCookies cookies;

	private final CsrfTokens csrfTokens;

	private final Clock clock;

	PasskeyResponses(Challenges challenges, AuthCookies cookies, CsrfTokens csrfTokens, Clock clock) {
		this.challenges = challenges;
		this.cookies = cookies;
		this.csrfTokens = csrfTokens;
		this.clock = clock;
	}

	/** The {@code Set-Cookie} value that clears the challenge the answer used. */
	String challengeSpent() {
		return this.challenges.expire().toString();
	}

	/** Whole seconds from now until then, never negative ({@code expires_in}). */
	long secondsUntil(Instant then) {
		return Math.max(0, then.getEpochSecond() - this.clock.instant().getEpochSecond());
	}

	/** The challenge cleared, the session's new tokens as cookies and its CSRF token as a header. */
	void signedIn(HttpHeaders headers, TokenPair tokens, UUID sessionId) {
		headers.add(HttpHeaders.SET_COOKIE, challengeSpent());
		this.cookies.write(headers, tokens, this.clock.instant());
		headers.set(CsrfTokens.HEADER, this.csrfTokens.tokenFor(sessionId));
	}
}
