package nexus.iam.clientregistry;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;

/** The clients' beans. */
@Configuration(proxyBeanMethods = false)
class ClientRegistryConfiguration {

	/** The one {@code PasswordEncoder}: Spring Authorization Server checks client secrets with it. */
	@Bean
	PasswordEncoder clientSecretEncoder() {
		return new ClientSecretEncoder();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(OidcClientsProperties properties, PasswordEncoder secrets) {
		return new ClientRepository(SettingsClients.of(properties, secrets));
	}

	/** A settings client's secret is checked like every other secret of the settings. */
	@Bean
	ProductionCheck oidcClientsProductionCheck(OidcClientsProperties properties) {
		return () -> {
			List<String> problems = new ArrayList<>();
			for (int i = 0; i < properties.clients().size(); i++) {
				String secret = properties.clients().get(i).clientSecret();
				if (secret != null) {
					String name = "NEXUS_OIDC_PROVIDER_CLIENTS_" + i + "_CLIENT_SECRET ";
					Secrets.weakness(secret).ifPresent((why) -> problems.add(name + why));
				}
			}
			return problems;
		};
	}
}
