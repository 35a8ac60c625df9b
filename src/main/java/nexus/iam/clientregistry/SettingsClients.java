package nexus.iam.clientregistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import nexus.iam.clientregistry.ClientOptions.ClientSource;
import nexus.iam.clientregistry.OidcClientsProperties.Client;

/**
 * The clients defined in the settings, checked once at start-up by the rules a registration
 * meets; a mistake stops the start with every problem named.
 */
final class SettingsClients {

	/** RFC 6749's VSCHAR is wider; these survive every URL, header and log line unchanged. */
	static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");

	private final Map<String, RegisteredClient> clients;

	private SettingsClients(Map<String, RegisteredClient> clients) {
		this.clients = clients;
	}

	static SettingsClients of(OidcClientsProperties properties, PasswordEncoder secrets) {
		List<String> problems = problems(properties);
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"nexus.oidc-provider.clients: " + String.join("; ", problems));
		}
		Map<String, RegisteredClient> clients = new LinkedHashMap<>();
		for (Client client : properties.clients()) {
			String hash = (client.clientSecret() != null) ? secrets.encode(client.clientSecret()) : null;
			clients.put(client.clientId(), RegisteredClients.of(definition(client), ClientSource.SETTINGS, hash, null));
		}
		return new SettingsClients(Map.copyOf(clients));
	}

	RegisteredClient byClientId(String clientId) {
		return this.clients.get(clientId);
	}

	boolean contains(String clientId) {
		return this.clients.containsKey(clientId);
	}

	static ClientDefinition definition(Client client) {
		return new ClientDefinition(client.clientId(), client.name(), client.redirectUris(),
				client.postLogoutRedirectUris(), Set.copyOf(client.grantTypes()), client.authenticationMethod(),
				client.jwkSetUri(), null, null, client.scopes(), client.firstParty() && !client.requireConsent(),
				client.requireTwoFactor(), client.requireProofKey(), client.backchannelLogoutUri(), true,
				client.accessTokenLifetime(), client.refreshTokenLifetime());
	}

	static List<String> problems(OidcClientsProperties properties) {
		List<String> problems = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < properties.clients().size(); i++) {
			Client client = properties.clients().get(i);
			String at = "[" + i + "] ";
			if (client.clientId() == null || !CLIENT_ID.matcher(client.clientId()).matches()) {
				problems.add(at + "client-id must be 1 to 100 of A-Z a-z 0-9 . _ ~ -");
				continue;
			}
			if (!ids.add(client.clientId())) {
				problems.add(at + "client-id " + client.clientId() + " is defined twice");
			}
			ClientDefinition definition = definition(client);
			ClientRules.problems(definition).forEach((problem) -> problems.add(at + problem.description()));
			boolean hasSecret = client.clientSecret() != null && !client.clientSecret().isBlank();
			if (client.authenticationMethod().usesSecret() && !hasSecret) {
				problems.add(at + "client-secret is required by " + client.authenticationMethod().value());
			}
			if (!client.authenticationMethod().usesSecret() && hasSecret) {
				problems.add(at + "client-secret is not used by " + client.authenticationMethod().value());
			}
		}
		return problems;
	}
}
