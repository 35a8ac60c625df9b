package nexus.iam.login;

import java.net.URI;
import java.nio.file.Path;
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
	 * @param responseMode {@code form_post} to have the provider POST the callback (Apple's way when
	 * name or e-mail are asked for); default: Apple's for {@code apple}, a redirect otherwise
	 * @param apple Sign in with Apple's client secret: a JWT the service signs with its own key
	 */
	public record ProviderProperties(@Nullable URI issuer, @Nullable String clientId, @Nullable String clientSecret,
			@Nullable List<String> scopes, @Nullable ClientAuthentication clientAuthentication,
			@DefaultValue("RS256") String idTokenAlgorithm, @Nullable String displayName,
			@Nullable String responseMode, @DefaultValue AppleProperties apple) {

		/** The scopes to ask for: configured, else what the provider expects. */
		public List<String> scopesFor(String name) {
			if (this.scopes != null && !this.scopes.isEmpty()) {
				return this.scopes;
			}
			return "apple".equals(name) ? List.of("openid", "name", "email") : List.of("openid", "email", "profile");
		}

		public boolean formPost(String name) {
			return (this.responseMode != null) ? "form_post".equals(this.responseMode) : "apple".equals(name);
		}

		public ClientAuthentication clientAuthenticationFor(String name) {
			if (this.clientAuthentication != null) {
				return this.clientAuthentication;
			}
			return this.apple.configured() ? ClientAuthentication.CLIENT_SECRET_POST
					: ClientAuthentication.CLIENT_SECRET_BASIC;
		}
	}

	/**
	 * The key Apple gives a developer account to sign client secrets with (a {@code .p8} file).
	 *
	 * @param teamId the Apple developer team id (the client secret's {@code iss})
	 * @param keyId the key's id (the client secret's {@code kid})
	 * @param privateKey the {@code .p8} contents, PEM (a secret)
	 * @param privateKeyFile or the {@code .p8} file
	 * @param clientSecretLifetime how long each client secret is valid; Apple accepts up to 6 months
	 */
	public record AppleProperties(@Nullable String teamId, @Nullable String keyId, @Nullable String privateKey,
			@Nullable Path privateKeyFile, @DefaultValue("30d") Duration clientSecretLifetime) {

		public AppleProperties {
			if (clientSecretLifetime.compareTo(Duration.ofDays(180)) > 0 || clientSecretLifetime.toMinutes() < 10) {
				throw new IllegalArgumentException(
						"nexus.login.providers.<name>.apple.client-secret-lifetime must be from 10 minutes to 180 days");
			}
		}

		public boolean configured() {
			return this.teamId != null && !this.teamId.isBlank();
		}
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
