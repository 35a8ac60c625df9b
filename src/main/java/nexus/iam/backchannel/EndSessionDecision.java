package nexus.iam.backchannel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriUtils;

/**
 * Whether an end-session request (OpenID Connect RP-Initiated Logout 1.0) ends the browser's Nexus
 * session at once, asks the person first, or has nothing to end; and where the browser may go back
 * to afterwards. Apart from HTTP, so that it is tested as a table. The request's {@code id_token_hint} has been verified before (a forged one
 * never gets here: it is an error, and nothing ends).
 *
 * <p>A logout must not be forced on someone by another site (logout CSRF): it ends the session at
 * once only when the hint names exactly the session this browser holds, which a forging site
 * cannot produce for its victim; or when the person confirmed on Nexus's own page (a form with the
 * session's CSRF token). Everything else gets the confirmation page, as Keycloak and Hydra do.
 * An application's cross-site POST carries no cookies ({@code SameSite=Lax}): when its hint
 * names a session that is still live, the confirmation page is where the browser's cookies come
 * back (its form is same-site), so it is shown rather than a "signed out" that is not true.
 */
final class EndSessionDecision {

	private EndSessionDecision() {
	}

	/** What the browser's cookies say: the signed-in user and session, or nobody. */
	record Browser(UUID userId, UUID sessionId) {
	}

	/** A verified hint: whose ID token it is and the session it names, if it names one. */
	record Hint(UUID userId, @Nullable UUID sessionId) {
	}

	/** What to do. */
	sealed interface Verdict {
	}

	/** End this session now (the browser's own), then go on to the application or the signed-out page. */
	record End(UUID sessionId) implements Verdict {
	}

	/** Ask the person whether to sign out of Nexus. */
	record Confirm() implements Verdict {
	}

	/** Nothing to end here: go on to the application or the signed-out page. */
	record NothingToEnd() implements Verdict {
	}

	/**
	 * @param browser the browser's session, null when it sent none (signed out, or a cross-site POST)
	 * @param hint the verified {@code id_token_hint}, null when there was none
	 * @param hintSessionLive whether the session the hint names is still live
	 * @param confirmed whether the person confirmed on Nexus's own page, with the browser session's CSRF token
	 */
	static Verdict decide(@Nullable Browser browser, @Nullable Hint hint, boolean hintSessionLive, boolean confirmed) {
		if (browser == null) {
			// confirmed and still no cookies: this browser holds no session, asking again would loop
			boolean mayHoldIt = !confirmed && hint != null && hint.sessionId() != null && hintSessionLive;
			return mayHoldIt ? new Confirm() : new NothingToEnd();
		}
		if (confirmed || namesThisSession(hint, browser)) {
			return new End(browser.sessionId());
		}
		return new Confirm();
	}

	private static boolean namesThisSession(@Nullable Hint hint, Browser browser) {
		return hint != null && browser.userId().equals(hint.userId()) && browser.sessionId().equals(hint.sessionId());
	}

	/**
	 * Where the browser goes back to after the logout: the requested {@code post_logout_redirect_uri}
	 * only when it is, character for character, one the client registered (no prefix, no
	 * normalisation: an open redirect otherwise), with {@code state} added to its query, encoded.
	 * @return null when there is nowhere to go back to: the signed-out page then
	 */
	static @Nullable String returnTo(List<String> registered, @Nullable String requested, @Nullable String state) {
		if (requested == null || !registered.contains(requested)) {
			return null;
		}
		if (state == null || state.isEmpty()) {
			return requested;
		}
		int fragment = requested.indexOf('#');
		String beforeFragment = (fragment < 0) ? requested : requested.substring(0, fragment);
		String separator = beforeFragment.contains("?") ? "&" : "?";
		return beforeFragment + separator + "state=" + UriUtils.encode(state, StandardCharsets.UTF_8)
				+ ((fragment < 0) ? "" : requested.substring(fragment));
	}
}
