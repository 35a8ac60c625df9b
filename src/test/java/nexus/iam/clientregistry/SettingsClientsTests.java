package nexus.iam.clientregistry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import nexus.iam.clientregistry.OidcClientsProperties.Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SettingsClientsTests {

	private static final String SECRET = "Hq4mW9zR2xT7kV5nPb8cYd3LfJ6gNs1Q";

	static Client client(String id, @Nullable String secret, AuthenticationMethod method, List<GrantType> grants,
			List<URI> redirects) {
		return new Client(id, secret, null, redirects, List.of(), grants, method, null,
				List.of("openid", "profile"), true, false, false, false, null, Duration.ofMinutes(15),
				Duration.ofDays(7));
	}

	static Client confidential(String id) {
		return client(id, SECRET, AuthenticationMethod.CLIENT_SECRET_BASIC,
				List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), List.of(URI.create("https://a.example/cb")));
	}

	@Test
	void ofWhenValidThenServedWithHashedSecret() {
		SettingsClients clients = SettingsClients.of(new OidcClientsProperties(List.of(confidential("grafana"))),
				new ClientSecretEncoder());
		RegisteredClient grafana = clients.byClientId("grafana");
		assertThat(grafana.getClientSecret()).isEqualTo(new ClientSecretEncoder().encode(SECRET));
		assertThat(grafana.getClientSettings().isRequireProofKey()).isFalse();
		assertThat(ClientOptions.firstParty(grafana)).isTrue();
	}

	@Test
	void ofWhenFirstPartyButRequireConsentThenConsent() {
		Client client = confidential("c");
		Client consenting = new Client(client.clientId(), client.clientSecret(), "C", client.redirectUris(), List.of(),
				client.grantTypes(), client.authenticationMethod(), null, client.scopes(), true, true, true, true,
				URI.create("https://a.example/logout"), Duration.ofMinutes(5), Duration.ofDays(1));
		RegisteredClient c = SettingsClients.of(new OidcClientsProperties(List.of(consenting)), new ClientSecretEncoder())
			.byClientId("c");
		assertThat(ClientOptions.firstParty(c)).isFalse();
		assertThat(ClientOptions.requiresTwoFactor(c)).isTrue();
		assertThat(c.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(ClientOptions.backchannelLogoutUri(c)).contains(URI.create("https://a.example/logout"));
		assertThat(c.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void ofWhenSecretMissingThenStartRefused() {
		Client noSecret = client("c", null, AuthenticationMethod.CLIENT_SECRET_POST, List.of(GrantType.CLIENT_CREDENTIALS),
				List.of());
		assertThatIllegalStateException()
			.isThrownBy(() -> SettingsClients.of(new OidcClientsProperties(List.of(noSecret)), new ClientSecretEncoder()))
			.withMessageContaining("client-secret is required");
	}

	@Test
	void ofWhenPublicClientHasSecretThenStartRefused() {
		Client publicWithSecret = client("c", SECRET, AuthenticationMethod.NONE, List.of(GrantType.AUTHORIZATION_CODE),
				List.of(URI.create("http://127.0.0.1/cb")));
		assertThatIllegalStateException().isThrownBy(
				() -> SettingsClients.of(new OidcClientsProperties(List.of(publicWithSecret)), new ClientSecretEncoder()))
			.withMessageContaining("client-secret is not used by none");
	}

	@Test
	void ofWhenDuplicateIdsOrBadRedirectThenEveryProblemNamed() {
		Client bad = client("c", SECRET, AuthenticationMethod.CLIENT_SECRET_BASIC, List.of(GrantType.AUTHORIZATION_CODE),
				List.of(URI.create("http://a.example/cb")));
		assertThatIllegalStateException()
			.isThrownBy(() -> SettingsClients.of(new OidcClientsProperties(List.of(confidential("c"), bad)),
					new ClientSecretEncoder()))
			.withMessageContaining("[1] client-id c is defined twice")
			.withMessageContaining("[1] each of redirect_uris may be http only on loopback");
	}

	@Test
	void ofWhenClientIdHasOddCharactersThenStartRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SettingsClients.of(new OidcClientsProperties(List.of(confidential("a b"))),
					new ClientSecretEncoder()))
			.withMessageContaining("client-id must be");
	}
}
