package nexus.iam.authserver;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code oidc_authorizations}: an authorization as stored, tokens as hashes.
 *
 * @param id Spring Authorization Server's id of the authorization
 * @param registeredClientId the client's registration id (not its {@code client_id})
 * @param principalName the user id, or the client id for client credentials
 * @param grantType how it was granted
 * @param authorizedScopes the scopes granted
 * @param session the Nexus session it was granted in; null for client credentials
 * @param requestJson the authorization request as JSON; null for client credentials
 * @param consentStateHash the hash of the consent form's state while consent is pending
 * @param code the authorization code
 * @param access the access token
 * @param accessJti the access token's {@code jti}
 * @param accessScopes the access token's scopes
 * @param accessClaimsJson the access token's claims as JSON
 * @param refresh the refresh token
 * @param idToken the ID token
 * @param idTokenClaimsJson the ID token's claims as JSON
 * @param version the optimistic lock's version, null for an authorization not stored yet
 * @param refreshHashAtRead the refresh token's hash when it was read, to tell a rotation
 */
record StoredAuthorization(String id, String registeredClientId, String principalName, String grantType,
		List<String> authorizedScopes, @Nullable Session session, @Nullable String requestJson,
		byte @Nullable [] consentStateHash, @Nullable Token code, @Nullable Token access, @Nullable String accessJti,
		List<String> accessScopes, @Nullable String accessClaimsJson, @Nullable Token refresh, @Nullable Token idToken,
		@Nullable String idTokenClaimsJson, @Nullable Long version, byte @Nullable [] refreshHashAtRead) {

	/** After this nothing of the authorization can be used: the clean-up may delete it. */
	Instant usableUntil(Instant createdAt) {
		Instant until = createdAt.plus(PENDING_CONSENT);
		for (Token token : new Token[] { this.code, this.access, this.refresh, this.idToken }) {
			if (token != null && token.expiresAt() != null && token.expiresAt().isAfter(until)) {
				until = token.expiresAt();
			}
		}
		return until;
	}

	/** How long an authorization waiting for the user's consent is kept. */
	static final java.time.Duration PENDING_CONSENT = java.time.Duration.ofHours(1);

	/**
	 * The Nexus session an authorization belongs to.
	 *
	 * @param userId the user
	 * @param sessionId the session
	 * @param amr how the session was authenticated
	 * @param authTime when the user signed in
	 */
	record Session(UUID userId, UUID sessionId, List<String> amr, Instant authTime) {
	}

	/**
	 * A token as stored.
	 *
	 * @param hash SHA-256 of its value
	 * @param issuedAt when issued
	 * @param expiresAt when it expires
	 * @param invalidated whether it was revoked or spent
	 */
	record Token(byte[] hash, @Nullable Instant issuedAt, @Nullable Instant expiresAt, boolean invalidated) {
	}
}
