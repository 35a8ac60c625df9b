package nexus.iam.clientregistry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Provider's clients defined in the settings, for infrastructure as code
 * ({@code nexus.oidc-provider.clients[n].*}, e.g. {@code NEXUS_OIDC_PROVIDER_CLIENTS_0_CLIENT_ID}).
 * They come before the clients registered at run time, which may not take their ids.
 *
 * @param clients the clients, in any order
 */
@ConfigurationProperties("nexus.oidc-provider")
public record OidcClientsProperties(@DefaultValue List<Client> clients) {

	/**
	 * One client.
	 *
	 * @param clientId the {@code client_id}
	 * @param clientSecret the secret (a secret: plain here, from SOPS or a {@code *_FILE} variable;
	 * kept only hashed in memory); required by {@code client_secret_basic} and
	 * {@code client_secret_post}, refused otherwise
	 * @param name the name shown to people (consent page, sessions list); the client id when empty
	 * @param redirectUris where authorization responses may go, matched exactly
	 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to, matched
	 * exactly
	 * @param grantTypes {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
	 * @param authenticationMethod {@code client_secret_basic}, {@code client_secret_post},
	 * {@code none} (a public client: PKCE required) or {@code private_key_jwt}
	 * @param jwkSetUri where the client's public keys are, for {@code private_key_jwt}
	 * @param scopes the scopes the client may ask for
	 * @param firstParty run by the platform's operators: skips the consent page
	 * @param requireConsent asks for consent even though first-party
	 * @param requireTwoFactor a session without a second factor steps up before this client gets
	 * an answer
	 * @param requireProofKey PKCE for a confidential client too (always for a public one)
	 * @param backchannelLogoutUri where OpenID Connect Back-Channel Logout tokens are sent
	 * @param accessTokenLifetime how long the client's access tokens are valid
	 * @param refreshTokenLifetime how long a refresh token is valid at most (it dies with the session
	 * before)
	 */
	public record Client(String clientId, @Nullable String clientSecret, @Nullable String name,
			@DefaultValue List<URI> redirectUris, @DefaultValue List<URI> postLogoutRedirectUris,
			@DefaultValue({ "authorization_code", "refresh_token" }) List<GrantType> grantTypes,
			@DefaultValue("client_secret_basic") AuthenticationMethod authenticationMethod,
			@Nullable URI jwkSetUri, @DefaultValue({ "openid", "profile", "email", "groups", "offline_access" }) List<String> scopes,
			@DefaultValue("true") boolean firstParty, @DefaultValue("false") boolean requireConsent,
			@DefaultValue("false") boolean requireTwoFactor, @DefaultValue("false") boolean requireProofKey,
			@Nullable URI backchannelLogoutUri, @DefaultValue("15m") Duration accessTokenLifetime,
			@DefaultValue("7d") Duration refreshTokenLifetime) {

		@Override
		public String toString() {
			// never the secret
			return "Client[" + this.clientId + "]";
		}
	}
}
