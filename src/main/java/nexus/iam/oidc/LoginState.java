package nexus.iam.oidc;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a browser carries, encrypted, between the start and the end of one sign-in: never stored
 * on the server, so any node can finish a sign-in that another began.
 *
 * @param provider the provider the sign-in went to
 * @param state the OAuth 2.0 {@code state}, compared with the callback's
 * @param nonce the OIDC nonce, compared with the ID token's
 * @param codeVerifier the PKCE verifier (RFC 7636)
 * @param returnTo where to send the browser afterwards (already checked)
 * @param link set when this flow adds the identity to a signed-in user instead of signing in
 */
record LoginState(String provider, String state, String nonce, String codeVerifier, String returnTo,
		@Nullable Link link) {

	LoginState(String provider, String state, String nonce, String codeVerifier, String returnTo) {
		this(provider, state, nonce, codeVerifier, returnTo, null);
	}

	/**
	 * A link flow, bound to the session that started it: only that session's browser can finish it.
	 *
	 * @param userId who the identity is for
	 * @param sessionId the session that asked
	 */
	record Link(UUID userId, UUID sessionId) {
	}

	@Override
	public String toString() {
		return "LoginState[provider=" + this.provider + ", returnTo=" + this.returnTo
				+ ((this.link != null) ? ", link" : "") + "]";
	}
}
