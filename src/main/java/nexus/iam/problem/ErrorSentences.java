package nexus.iam.problem;

import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;

/**
 * What the error page tells a person, by stable code: a sentence about what happened and what to
 * do, never the internal detail (a class, a path, a provider's own message). Codes without a
 * sentence of their own get one by status.
 */
final class ErrorSentences {

	private static final Map<String, String> BY_CODE = Map.ofEntries(
			Map.entry("not_found", "There is no page at this address. Check the link, or start again from the home page."),
			Map.entry("unknown_provider", "This sign-in method is not offered here. Choose one on the home page."),
			Map.entry("invalid_return_to",
					"The link you followed wanted to send you on to a site this service does not trust, so it stopped here."),
			Map.entry("invalid_login_hint", "That is not an e-mail address. Go back and check what you typed."),
			Map.entry("login_state_missing",
					"This sign-in was started in another browser or tab, or took too long. Please sign in again."),
			Map.entry("state_mismatch",
					"The answer from the sign-in provider does not belong to this browser. Please sign in again."),
			Map.entry("provider_error", "The sign-in provider did not complete the sign-in. Please try again."),
			Map.entry("authorization_code_rejected", "The sign-in provider did not confirm the sign-in. Please try again."),
			Map.entry("invalid_id_token", "The sign-in provider's answer could not be verified. Please try again."),
			Map.entry("provider_unavailable", "The sign-in provider cannot be reached just now. Please try again in a moment."),
			Map.entry("identity_already_linked", "That sign-in belongs to another account."),
			Map.entry("link_not_allowed",
					"Adding a sign-in method must finish in the browser that started it. Start again from your account page."),
			Map.entry("unauthenticated", "You need to sign in to see this."),
			Map.entry("invalid_token", "Your sign-in is no longer valid. Please sign in again."),
			Map.entry("token_expired", "Your sign-in has expired. Please sign in again."),
			Map.entry("token_revoked", "You were signed out. Please sign in again."),
			Map.entry("session_expired", "Your session has ended. Please sign in again."),
			Map.entry("forbidden", "You are signed in, but not allowed to open this."),
			Map.entry("second_factor_required", "This needs your second factor: confirm it with a code from your authenticator app."),
			Map.entry("csrf_token_invalid",
					"The form was out of date or did not come from this site. Reload the page and try again."),
			Map.entry("origin_not_allowed", "Requests from that site are not allowed."),
			Map.entry("rate_limited", "Too many attempts in a short time. Wait a minute, then try again."),
			Map.entry("method_not_allowed", "This address cannot be used that way. Start again from the home page."),
			Map.entry("payload_too_large", "What was sent is too large."),
			Map.entry("id_token_hint_invalid",
					"The application asked to sign you out with a proof this service did not issue, so nothing was signed out."),
			Map.entry("logout_client_invalid",
					"The application that sent you here is not known to this service, so nothing was signed out."),
			Map.entry("internal_error",
					"Something went wrong on our side. Try again; if it keeps happening, tell the administrator the request id below."));

	/** Codes whose remedy is to sign in (again): the page offers it. */
	private static final Set<String> SIGN_IN = Set.of("login_state_missing", "state_mismatch", "provider_error",
			"authorization_code_rejected", "invalid_id_token", "provider_unavailable", "unauthenticated", "invalid_token",
			"token_expired", "token_revoked", "session_expired", "refresh_token_missing", "refresh_token_invalid",
			"refresh_token_expired", "refresh_token_revoked", "refresh_token_reused");

	private ErrorSentences() {
	}

	static String sentence(String code, int status) {
		String sentence = BY_CODE.get(code);
		if (sentence != null) {
			return sentence;
		}
		if (status >= 500) {
			return BY_CODE.get("internal_error");
		}
		if (status == 401) {
			return "You need to sign in to see this.";
		}
		return "This request could not be completed.";
	}

	static String heading(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

	static boolean signInAgain(String code) {
		return SIGN_IN.contains(code);
	}
}
