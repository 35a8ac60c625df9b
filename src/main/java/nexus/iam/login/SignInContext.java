package nexus.iam.login;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nexus.iam.session.SessionOrigin;
import nexus.iam.token.VerifiedAccessToken;

/**
 * Where a verified identity came from, as {@link SignInCompletion#complete} needs to know it.
 *
 * @param origin the device and place the request came from; a new session records them
 * @param link set when the flow was started to add the identity to a signed-in user
 * @param pendingLink the merge flow's promise the browser carries, honoured when this sign-in
 * proves it owns that account
 */
public record SignInContext(SessionOrigin origin, @Nullable LinkIntent link, @Nullable PendingLink pendingLink) {

	/** A sign-in, with the pending link the browser carries, if any. */
	public static SignInContext signIn(SessionOrigin origin, @Nullable PendingLink pendingLink) {
		return new SignInContext(origin, null, pendingLink);
	}

	/** The end of a flow started to add the identity to a signed-in user. */
	public static SignInContext link(SessionOrigin origin, LinkIntent link) {
		return new SignInContext(origin, link, null);
	}

	/**
	 * The flow was started by {@code userId} in {@code sessionId} to add a sign-in method (sealed
	 * into the flow's state). It finishes only in that same session: {@code caller} is who the
	 * finishing request is signed in as, if anyone; a cross-site form post ({@code crossSitePost},
	 * Sign in with Apple) carries no access cookie, and then the session must still be live.
	 */
	public record LinkIntent(UUID userId, UUID sessionId, @Nullable VerifiedAccessToken caller, boolean crossSitePost) {
	}
}
