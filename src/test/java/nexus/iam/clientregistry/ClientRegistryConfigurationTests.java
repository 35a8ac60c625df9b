package nexus.iam.clientregistry;

import java.util.List;

import org.junit.jupiter.api.Test;

import nexus.iam.clientregistry.OidcClientsProperties.Client;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRegistryConfigurationTests {

	private final ClientRegistryConfiguration configuration = new ClientRegistryConfiguration();

	@Test
	void productionCheckWhenSettingsSecretWeakThenNamesItsVariable() {
		Client weak = SettingsClientsTests.client("c", "changeme", AuthenticationMethod.CLIENT_SECRET_BASIC,
				List.of(GrantType.CLIENT_CREDENTIALS), List.of());
		assertThat(this.configuration.oidcClientsProductionCheck(new OidcClientsProperties(List.of(weak))).problems())
			.singleElement()
			.asString()
			.startsWith("NEXUS_OIDC_PROVIDER_CLIENTS_0_CLIENT_SECRET ");
	}

	@Test
	void productionCheckWhenSecretsStrongOrAbsentThenNothing() {
		Client strong = SettingsClientsTests.confidential("c");
		Client publicClient = SettingsClientsTests.client("p", null, AuthenticationMethod.NONE,
				List.of(GrantType.AUTHORIZATION_CODE), List.of());
		assertThat(this.configuration
			.oidcClientsProductionCheck(new OidcClientsProperties(List.of(strong, publicClient)))
			.problems()).isEmpty();
	}
}
