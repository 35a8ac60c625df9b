package nexus.iam.clientregistry;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import nexus.iam.clientregistry.ClientOptions.ClientSource;

/**
 * Turns a {@link ClientDefinition} into Spring Authorization Server's {@link RegisteredClient}. The
 * internal id is the client id, so that a settings client keeps its id across restarts and the
 * authorizations stored for it still find it.
 */
final class RegisteredClients {

	private RegisteredClients() {
	}

	static RegisteredClient of(ClientDefinition definition, ClientSource source, @Nullable String secretHash,
			@Nullable Instant issuedAt) {
		RegisteredClient.Builder client = RegisteredClient.withId(definition.clientId())
			.clientId(definition.clientId())
			.clientIdIssuedAt(issuedAt)
			.clientSecret(secretHash)
			.clientName((definition.name() != null) ? definition.name() : definition.clientId())
			.clientAuthenticationMethod(definition.authenticationMethod().sas())
			.authorizationGrantTypes((grants) -> definition.grantTypes().forEach((grant) -> grants.add(grant.sas())))
			.redirectUris((uris) -> definition.redirectUris().forEach((uri) -> uris.add(uri.toString())))
			.postLogoutRedirectUris(
					(uris) -> definition.postLogoutRedirectUris().forEach((uri) -> uris.add(uri.toString())))
			.scopes((scopes) -> scopes.addAll(definition.scopes()));
		ClientSettings.Builder settings = ClientSettings.builder()
			// S256 only: Spring Authorization Server refuses "plain"
			.requireProofKey(definition.isPublic() || definition.requireProofKey())
			.requireAuthorizationConsent(!definition.firstParty());
		URI jwksUri = definition.jwksUri();
		if (jwksUri != null) {
			settings.jwkSetUrl(jwksUri.toString());
		}
		String algorithm = definition.tokenEndpointSigningAlgorithm();
		if (algorithm != null) {
			settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.from(algorithm));
		}
		ClientOptions.options(settings, source, definition.requireTwoFactor(), definition.backchannelLogoutUri(),
				definition.backchannelLogoutSessionRequired(), definition.jwks());
		return client.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(definition.accessTokenLifetime())
				.refreshTokenTimeToLive(definition.refreshTokenLifetime())
				// rotated on every use, as Nexus's own refresh tokens
				.reuseRefreshTokens(false)
				// Nexus's signing keys are P-256 keys
				.idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
				.build())
			.build();
	}
}
