package nexus.iam.login;

import java.util.UUID;

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.token.TokenPair;

/** What {@link SignInCompletion#complete} did with a verified identity. */
public sealed interface SignInOutcome {

	/** A new session with its first token pair; a pending link for this account was honoured. */
	record SignedIn(UUID userId, UUID sessionId, TokenPair tokens) implements SignInOutcome {
	}

	/**
	 * Nobody is signed in: the identity is new and its verified address belongs to an existing
	 * account, whose holder must sign in with one of its own methods first; the caller keeps
	 * {@code pending} for that sign-in (in the sealed pending-link cookie, in a browser).
	 */
	record MergeOffered(PendingLink pending) implements SignInOutcome {
	}

	/** The identity was added to the signed-in user who started the link; no new session. */
	record Linked(UUID userId, ExternalIdentity identity) implements SignInOutcome {
	}
}
