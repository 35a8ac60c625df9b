package nexus.iam.clientregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;

/** The clients' beans. */
@Configuration(proxyBeanMethods = false)
class ClientRegistryConfiguration {

	/** The one {@code PasswordEncoder}: Spring Authorization Server checks client secrets with it. */
	@Bean
	PasswordEncoder clientSecretEncoder() {
		return new ClientSecretEncoder();
	}

	/** The settings' clients, checked once: a mistake stops the start. */
	@Bean
	SettingsClients settingsClients(OidcClientsProperties properties, PasswordEncoder secrets) {
		return SettingsClients.of(properties, secrets);
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(SettingsClients settings, ClientRegistrations registered) {
		return new AllClients(settings, registered);
	}

	/**
	 * The registration endpoints answer anonymous callers themselves (the bearer token is theirs
	 * to check); their bearer-authenticated requests need no CSRF token; counted against the token
	 * endpoints' limit per client address.
	 */
	@Bean
	HttpSurface clientRegistrationSurface() {
		return HttpSurface.publicPaths(ClientRegistrationEndpoint.PATH, ClientRegistrationEndpoint.PATH + "/*")
			.withCsrfTokenExempt(ClientRegistrationEndpoint.PATH)
			.withRateLimit(RateLimit.perClient(RateLimit.TOKEN, "^" + ClientRegistrationEndpoint.PATH + "(/[^/]*)?$"));
	}

	/**
	 * For the authorization server's {@code JwtClientAssertionAuthenticationProvider}
	 * ({@code setJwtDecoderFactory}): {@code private_key_jwt} with inline keys as well as a
	 * {@code jwks_uri}.
	 */
	@Bean
	ClientAssertionDecoders clientAssertionDecoders() {
		return new ClientAssertionDecoders(Duration.ofSeconds(5));
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
