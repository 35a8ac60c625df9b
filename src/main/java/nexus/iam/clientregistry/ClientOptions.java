package nexus.iam.clientregistry;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Nexus's options of a client, beside what Spring Authorization Server knows of it: kept as custom
 * entries of {@link RegisteredClient#getClientSettings()} (names under {@value #NAMESPACE}), read
 * only through these accessors.
 */
public final class ClientOptions {

	/** The namespace of Nexus's entries in a client's settings. */
	public static final String NAMESPACE = "nexus.client.";

	static final String REQUIRE_TWO_FACTOR = NAMESPACE + "require-two-factor";

	static final String BACKCHANNEL_LOGOUT_URI = NAMESPACE + "backchannel-logout-uri";

	static final String BACKCHANNEL_LOGOUT_SESSION_REQUIRED = NAMESPACE + "backchannel-logout-session-required";

	static final String JWKS = NAMESPACE + "jwks";

	static final String SOURCE = NAMESPACE + "source";

	private ClientOptions() {
	}

	/**
	 * Whether the client skips the consent page: registered by an administrator (settings or the
	 * admin token) and not marked otherwise. The same as
	 * {@code !client.getClientSettings().isRequireAuthorizationConsent()}, which this sets.
	 */
	public static boolean firstParty(RegisteredClient client) {
		return !client.getClientSettings().isRequireAuthorizationConsent();
	}

	/** Whether a session without a second factor must step up before this client gets an answer. */
	public static boolean requiresTwoFactor(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_TWO_FACTOR));
	}

	/** Where OpenID Connect Back-Channel Logout 1.0 logout tokens go, if the client takes them. */
	public static Optional<URI> backchannelLogoutUri(RegisteredClient client) {
		String uri = client.getClientSettings().getSetting(BACKCHANNEL_LOGOUT_URI);
		return Optional.ofNullable(uri).map(URI::create);
	}

	/**
	 * Whether the client asked for {@code sid} in its logout tokens
	 * ({@code backchannel_logout_session_required}); Nexus sends it always.
	 */
	public static boolean backchannelLogoutSessionRequired(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(BACKCHANNEL_LOGOUT_SESSION_REQUIRED));
	}

	/** Where RP-initiated logout may send the browser back to: exact matches only. */
	public static List<URI> postLogoutRedirectUris(RegisteredClient client) {
		return client.getPostLogoutRedirectUris().stream().sorted().map(URI::create).toList();
	}

	/** The name shown to people: the registered name, else the client id. */
	public static String displayName(RegisteredClient client) {
		String name = client.getClientName();
		return (name == null || name.isBlank() || name.equals(client.getId())) ? client.getClientId() : name;
	}

	/**
	 * The client's public keys given inline at registration (RFC 7591 {@code jwks}, a JWK set as
	 * JSON), for {@code private_key_jwt} without a {@code jwks_uri}.
	 */
	public static Optional<String> jwks(RegisteredClient client) {
		return Optional.ofNullable(client.getClientSettings().<@Nullable String>getSetting(JWKS));
	}

	/** Whether the client comes from the settings (else it was registered at run time). */
	public static boolean fromSettings(RegisteredClient client) {
		return ClientSource.SETTINGS.name().equals(client.getClientSettings().getSetting(SOURCE));
	}

	/** Where a client was defined. */
	enum ClientSource {

		SETTINGS, REGISTERED
	}

	static ClientSettings.Builder options(ClientSettings.Builder settings, ClientSource source,
			boolean requireTwoFactor, @Nullable URI backchannelLogoutUri, boolean backchannelLogoutSessionRequired,
			@Nullable String jwks) {
		settings.setting(SOURCE, source.name()).setting(REQUIRE_TWO_FACTOR, requireTwoFactor);
		if (backchannelLogoutUri != null) {
			settings.setting(BACKCHANNEL_LOGOUT_URI, backchannelLogoutUri.toString())
				.setting(BACKCHANNEL_LOGOUT_SESSION_REQUIRED, backchannelLogoutSessionRequired);
		}
		if (jwks != null) {
			settings.setting(JWKS, jwks);
		}
		return settings;
	}
}
