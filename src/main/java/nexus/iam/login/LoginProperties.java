package nexus.iam.login;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in.
 *
 * @param providers the OIDC providers by name (the name appears in the sign-in URLs)
 * @param allowedReturnOrigins origins besides the public URL that {@code return_to} may point to
 * @param stateSecret the key material that encrypts the sign-in state cookie (a secret, at least
 * 32 characters, the same on every node); generated once and kept in the data folder in development
 * @param stateLifetime how long a browser has to complete a sign-in
 * @param providerTimeout connect and read timeout for calls to providers
 * @param devProvider the built-in development provider
 */
@ConfigurationProperties("nexus.login")
public record LoginProperties(@DefaultValue Map<String, ProviderProperties> providers,
		@DefaultValue List<URI> allowedReturnOrigins, @Nullable String stateSecret,
		@DefaultValue("10m") Duration stateLifetime, @DefaultValue("5s") Duration providerTimeout,
		@DefaultValue DevProviderProperties devProvider) {

	/**
	 * One OIDC provider.
	 *
	 * @param issuer the issuer URL, from which the provider's metadata is discovered; known for
	 * {@code google}
	 * @param clientId the client id registered with the provider
	 * @param clientSecret the client secret (a secret)
	 * @param scopes the scopes requested
	 * @param clientAuthentication how the client authenticates at the token endpoint
	 * @param idTokenAlgorithm the JWS algorithm the provider signs ID tokens with
	 * @param displayName the name shown on the sign-in button
	 */
	public record ProviderProperties(@Nullable URI issuer, @Nullable String clientId, @Nullable String clientSecret,
			@DefaultValue({ "openid", "email", "profile" }) List<String> scopes,
			@DefaultValue("client-secret-basic") ClientAuthentication clientAuthentication,
			@DefaultValue("RS256") String idTokenAlgorithm, @Nullable String displayName) {
	}

	/** Token-endpoint client authentication methods (RFC 6749 section 2.3.1). */
	public enum ClientAuthentication {
		CLIENT_SECRET_BASIC, CLIENT_SECRET_POST
	}

	/**
	 * The development provider: a real OIDC server inside this process.
	 *
	 * @param enabled on by default in development mode, off in production unless set
	 * @param port the port it listens on (loopback only); 0 picks a free one
	 */
	public record DevProviderProperties(@Nullable Boolean enabled, @DefaultValue("0") int port) {
	}
}
