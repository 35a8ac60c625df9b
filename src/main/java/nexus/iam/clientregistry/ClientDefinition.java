package nexus.iam.clientregistry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What Nexus knows of a client, wherever it was defined: the settings or a registration.
 *
 * @param clientId the {@code client_id}
 * @param name the name shown to people, if any
 * @param redirectUris exact redirect URIs
 * @param postLogoutRedirectUris exact post-logout redirect URIs
 * @param grantTypes the grants it may use
 * @param authenticationMethod how it authenticates at the token endpoint
 * @param jwksUri its public keys' URL ({@code private_key_jwt})
 * @param jwks or its public keys inline, a JWK set as JSON
 * @param tokenEndpointSigningAlgorithm the JWS algorithm of its {@code private_key_jwt} assertions
 * @param scopes the scopes it may ask for
 * @param firstParty skips the consent page
 * @param requireTwoFactor its users step up to two factors
 * @param requireProofKey PKCE even though confidential (always for a public client)
 * @param backchannelLogoutUri where logout tokens go
 * @param backchannelLogoutSessionRequired asked for {@code sid} in logout tokens
 * @param accessTokenLifetime its access tokens' lifetime
 * @param refreshTokenLifetime its refresh tokens' longest lifetime
 */
record ClientDefinition(String clientId, @Nullable String name, List<URI> redirectUris,
		List<URI> postLogoutRedirectUris, Set<GrantType> grantTypes, AuthenticationMethod authenticationMethod,
		@Nullable URI jwksUri, @Nullable String jwks, @Nullable String tokenEndpointSigningAlgorithm, List<String> scopes, boolean firstParty,
		boolean requireTwoFactor, boolean requireProofKey, @Nullable URI backchannelLogoutUri,
		boolean backchannelLogoutSessionRequired, Duration accessTokenLifetime, Duration refreshTokenLifetime) {

	ClientDefinition {
		redirectUris = List.copyOf(redirectUris);
		postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
		grantTypes = Set.copyOf(grantTypes);
		scopes = List.copyOf(scopes);
	}

	/** A public client: no secret, so PKCE stands in for one. */
	boolean isPublic() {
		return this.authenticationMethod == AuthenticationMethod.NONE;
	}
}
