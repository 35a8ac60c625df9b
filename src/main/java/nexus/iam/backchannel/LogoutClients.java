package nexus.iam.backchannel;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

import nexus.iam.clientregistry.ClientOptions;
import nexus.iam.session.ApplicationNames;

/**
 * What one sign-out needs to know of the clients, from their registrations (settings or dynamic
 * registration): where a client takes back-channel logouts, where it may be sent after an
 * RP-initiated logout, and what the sessions list calls it. Every URI called or redirected to
 * comes from here, that is from what an administrator registered, never from a request.
 */
@Component
final class LogoutClients implements ApplicationNames {

	private final RegisteredClientRepository clients;

	LogoutClients(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	Optional<RegisteredClient> find(@Nullable String clientId) {
		if (clientId == null || clientId.isEmpty()) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.clients.findByClientId(clientId));
	}

	/** The client's registered {@code backchannel_logout_uri}, when it still exists and has one. */
	Optional<URI> backchannelLogoutUri(String clientId) {
		return find(clientId).flatMap(ClientOptions::backchannelLogoutUri);
	}

	/** The client's registered post-logout redirect URIs, as registered. */
	static List<String> postLogoutRedirectUris(RegisteredClient client) {
		return ClientOptions.postLogoutRedirectUris(client).stream().map(URI::toString).toList();
	}

	@Override
	public Optional<String> displayName(String clientId) {
		return find(clientId).map(ClientOptions::displayName);
	}

}
