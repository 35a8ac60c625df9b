package nexus.iam.account;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import nexus.iam.audit.RecordedEvent;

/** One security event on the account page, in words. */
record EventRow(String description, String at, String atIso, @Nullable String ipAddress) {

	private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(Map.entry("sign_in", "Signed in"),
			Map.entry("user_created", "Account created"), Map.entry("sign_out", "Signed out"),
			Map.entry("refresh_token_reuse", "A stolen session token was detected; that session was signed out"),
			Map.entry("session_revoked", "A session was signed out"),
			Map.entry("access_token_revoked", "An access token was revoked"),
			Map.entry("user_sessions_revoked", "Signed out of all sessions"),
			Map.entry("identity_linked", "A sign-in method was added"),
			Map.entry("identity_unlinked", "A sign-in method was removed"),
			Map.entry("account_link_required",
					"Someone signed in with a new method using your address; it is added only after you sign in"),
			Map.entry("mfa_enabled", "Two-factor authentication turned on"),
			Map.entry("mfa_disabled", "Two-factor authentication turned off"),
			Map.entry("mfa_verified", "Confirmed with the second factor"),
			Map.entry("mfa_failed", "A wrong two-factor code was entered"),
			Map.entry("mfa_recovery_codes_regenerated", "New recovery codes were made; the old ones no longer work"),
			Map.entry("oidc_consent_given", "An application was allowed access to your account"),
			Map.entry("oidc_consent_withdrawn", "An application's access to your account was withdrawn"),
			Map.entry("oidc_refresh_token_reuse",
					"An application's token was used twice; its access was ended"));

	static EventRow of(RecordedEvent event, UnaryOperator<String> providerNames) {
		String description = DESCRIPTIONS.getOrDefault(event.type(), event.type());
		if ("user_sessions_revoked".equals(event.type()) && Boolean.TRUE.equals(event.details().get("kept_current"))) {
			description = "Signed out of all other sessions";
		}
		if ("session_revoked".equals(event.type()) && "identity_unlinked".equals(event.details().get("reason"))) {
			description = "A session signed in with a removed sign-in method was signed out";
		}
		if ("session_revoked".equals(event.type()) && "session_limit".equals(event.details().get("reason"))) {
			description = "The session unused the longest was signed out: a new sign-in went over the limit of "
					+ event.details().get("limit") + " sessions";
		}
		if ("sign_in".equals(event.type()) && event.details().get("provider") instanceof String provider) {
			description = description + " with " + providerNames.apply(provider);
		}
		return new EventRow(description, Times.shown(event.occurredAt()), Times.machine(event.occurredAt()),
				event.ipAddress());
	}
}
