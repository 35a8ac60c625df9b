package nexus.iam.authserver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What an authorization request needs from the browser's Nexus session before Spring
 * Authorization Server may answer it (OpenID Connect Core §3.1.2.1 and §3.1.2.3):
 * <ul>
 * <li>no session: sign in through Nexus's own sign-in, or {@code login_required} with {@code prompt=none};
 * <li>{@code prompt=login}, or a sign-in older than {@code max_age}: sign in again (see {@link #REAUTHENTICATED_AFTER});
 * <li>a client that requires two factors, or {@code acr_values} asking for {@link Acr#TWO_FACTORS}, and a
 * session with one: step up with a second factor, or {@code interaction_required} with {@code prompt=none};
 * <li>else go on.
 * </ul>
 * A plain decision without Spring, tested as a table of cases.
 */
final class AuthorizeDecision {

	/**
	 * The parameter that replaces {@code prompt=login} in the authorization request the browser
	 * comes back to after signing in again: the instant (epoch milliseconds) from which a sign-in
	 * counts. It keeps
	 * the demand (an older session is sent to sign in again) without a loop, and it satisfies
	 * {@code max_age} too, which a sign-in that took longer than {@code max_age} could never meet.
	 */
	static final String REAUTHENTICATED_AFTER = "nexus_signed_in_after";

	private AuthorizeDecision() {
	}

	/**
	 * @param session the browser's live Nexus session, or null when there is none
	 * @param request what the authorization request asks
	 * @param clientRequiresTwoFactor the client's own demand
	 * @param now the time
	 */
	static Outcome decide(@Nullable Session session, Request request, boolean clientRequiresTwoFactor, Instant now) {
		boolean none = request.prompt().contains("none");
		if (session == null) {
			return none ? new Refuse("login_required") : new SignIn(false);
		}
		if (request.prompt().contains("login") || tooOld(session, request, now)) {
			return none ? new Refuse("login_required") : new SignIn(true);
		}
		boolean twoFactorsWanted = clientRequiresTwoFactor || request.acrValues().contains(Acr.TWO_FACTORS);
		if (twoFactorsWanted && !Acr.twoFactors(session.amr())) {
			return none ? new Refuse("interaction_required") : new StepUp();
		}
		return new Proceed();
	}

	private static boolean tooOld(Session session, Request request, Instant now) {
		if (request.signedInAfter() != null) {
			// came back from signing in again: that sign-in is what was asked for
			return session.authTime().isBefore(request.signedInAfter());
		}
		return request.maxAge() != null && session.authTime().plus(request.maxAge()).isBefore(now);
	}

	/**
	 * The session as far as the decision needs it.
	 *
	 * @param amr how it was authenticated
	 * @param authTime when the user signed in
	 */
	record Session(List<String> amr, Instant authTime) {
	}

	/**
	 * What the authorization request asks.
	 *
	 * @param prompt the {@code prompt} values
	 * @param maxAge {@code max_age}, or null
	 * @param acrValues the {@code acr_values}
	 * @param signedInAfter {@link #REAUTHENTICATED_AFTER}, or null
	 */
	record Request(Set<String> prompt, @Nullable Duration maxAge, Set<String> acrValues,
			@Nullable Instant signedInAfter) {
	}

	/** What happens next. */
	sealed interface Outcome {
	}

	/** The session may be used: on to Spring Authorization Server. */
	record Proceed() implements Outcome {
	}

	/**
	 * To Nexus's sign-in, coming back to the authorization request.
	 *
	 * @param again the browser has a session, which does not count: only a sign-in from now on does
	 * ({@link #REAUTHENTICATED_AFTER})
	 */
	record SignIn(boolean again) implements Outcome {
	}

	/** To the second-factor step-up, coming back to the authorization request. */
	record StepUp() implements Outcome {
	}

	/**
	 * Back to the client with an error (the redirect URI was checked already).
	 *
	 * @param error the OpenID Connect error code
	 */
	record Refuse(String error) implements Outcome {
	}
}
