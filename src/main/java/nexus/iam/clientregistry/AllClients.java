package nexus.iam.clientregistry;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's view of the clients: the settings' first, then those registered
 * at run time. A registered client can never take a settings client's id (ids are random, and a
 * stored row under a settings id is never looked at), so a registration cannot shadow a client of
 * the settings. The internal id is the client id ({@link RegisteredClients}), so both look-ups are
 * one.
 */
final class AllClients implements RegisteredClientRepository {

	private final SettingsClients settings;

	private final ClientRegistrations registered;

	AllClients(SettingsClients settings, ClientRegistrations registered) {
		this.settings = settings;
		this.registered = registered;
	}

	/** Clients change only through the settings or the registration endpoint, never through here. */
	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("clients are defined in the settings or registered at "
				+ ClientRegistrationEndpoint.PATH);
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		RegisteredClient client = this.settings.byClientId(clientId);
		return (client != null) ? client : this.registered.registeredClient(clientId).orElse(null);
	}
}
