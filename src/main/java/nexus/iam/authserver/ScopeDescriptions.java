package nexus.iam.authserver;

import java.util.Map;

/** What each scope lets a client have, in the words the consent page and the applications page use. */
final class ScopeDescriptions {

	private static final Map<String, String> SENTENCES = Map.of("openid", "Know who you are on Nexus",
			"profile", "Your name", "email", "Your e-mail address and whether it is verified", "groups",
			"The groups you belong to", "offline_access", "Stay connected while you are away");

	private ScopeDescriptions() {
	}

	/** The sentence for a scope Nexus knows; the scope's own name for any other (shown as text, escaped). */
	static String of(String scope) {
		return SENTENCES.getOrDefault(scope, scope);
	}
}
