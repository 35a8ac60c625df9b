package nexus.iam.clientregistry;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's view of the clients: the settings' first, then those registered
 * at run time. A registered client can never take a settings client's id (registration refuses
 * it), and even a stored row with one is never served in its place. The internal id is the client
 * id ({@link RegisteredClients}), so both look-ups are one.
 */
final class ClientRepository implements RegisteredClientRepository {

	private final SettingsClients settings;

	ClientRepository(SettingsClients settings) {
		this.settings = settings;
	}

	/** Clients change only through the settings or the registration endpoint, never through here. */
	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("clients are defined in the settings or registered at /connect/register");
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		return this.settings.byClientId(clientId);
	}
}
