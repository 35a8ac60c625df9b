package nexus.iam.login;

/**
 * What a browser carries, encrypted, between the start and the end of one sign-in: never stored
 * on the server, so any node can finish a sign-in that another began.
 *
 * @param provider the provider the sign-in went to
 * @param state the OAuth 2.0 {@code state}, compared with the callback's
 * @param nonce the OIDC nonce, compared with the ID token's
 * @param codeVerifier the PKCE verifier (RFC 7636)
 * @param returnTo where to send the browser afterwards (already checked)
 */
record LoginState(String provider, String state, String nonce, String codeVerifier, String returnTo) {

	@Override
	public String toString() {
		return "LoginState[provider=" + this.provider + ", returnTo=" + this.returnTo + "]";
	}
}
