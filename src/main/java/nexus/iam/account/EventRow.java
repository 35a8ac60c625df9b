package nexus.iam.account;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import nexus.iam.audit.RecordedEvent;

/** One security event on the account page, in words. */
record EventRow(String description, String at, String atIso, @Nullable String ipAddress) {

	private static final Map<String, String> DESCRIPTIONS = Map.of("sign_in", "Signed in", "user_created",
			"Account created", "sign_out", "Signed out", "refresh_token_reuse",
			"A stolen session token was detected; that session was signed out", "session_revoked",
			"A session was signed out", "access_token_revoked", "An access token was revoked", "user_sessions_revoked",
			"Signed out of all sessions", "identity_linked", "A sign-in method was added", "identity_unlinked",
			"A sign-in method was removed", "account_link_required",
			"Someone signed in with a new method using your address; it is added only after you sign in");

	static EventRow of(RecordedEvent event) {
		String description = DESCRIPTIONS.getOrDefault(event.type(), event.type());
		if ("user_sessions_revoked".equals(event.type()) && Boolean.TRUE.equals(event.details().get("kept_current"))) {
			description = "Signed out of all other sessions";
		}
		if ("sign_in".equals(event.type()) && event.details().get("provider") instanceof String provider) {
			description = description + " with " + provider;
		}
		return new EventRow(description, Times.shown(event.occurredAt()), Times.machine(event.occurredAt()),
				event.ipAddress());
	}
}
