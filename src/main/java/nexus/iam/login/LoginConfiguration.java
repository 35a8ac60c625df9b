package nexus.iam.login;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import nexus.iam.config.CookieFactory;
import nexus.iam.config.DevelopmentSecrets;
import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.login.LoginProperties.ProviderProperties;

@Configuration(proxyBeanMethods = false)
class LoginConfiguration {

	@Bean
	DevLoginHints devLoginHints(LoginProperties properties, Clock clock) {
		return new DevLoginHints(properties.stateLifetime(), clock);
	}

	/** The development provider, or a placeholder with no server when it is off. */
	@Bean(destroyMethod = "close")
	DevProviderHandle devProvider(LoginProperties properties, NexusProperties nexus, DevLoginHints hints) {
		Boolean enabled = properties.devProvider().enabled();
		boolean on = (enabled != null) ? enabled : !nexus.production();
		if (on && nexus.production()) {
			LoggerFactory.getLogger(LoginConfiguration.class)
				.warn("The development sign-in provider is enabled in production mode: anyone can sign in as anyone. "
						+ "Use this only for load tests on a closed network.");
		}
		return new DevProviderHandle(on ? new DevProvider(properties.devProvider().port(), hints) : null);
	}

	@Bean
	ProviderRegistry providerRegistry(LoginProperties properties, NexusProperties nexus, DevProviderHandle dev,
			Clock clock, ObjectProvider<ObservationRegistry> observationRegistry) {
		int timeout = (int) properties.providerTimeout().toMillis();
		ObservationRegistry observations = observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP);
		List<OidcProvider> providers = new ArrayList<>();
		for (Map.Entry<String, ProviderProperties> entry : properties.providers().entrySet()) {
			String name = entry.getKey();
			ProviderProperties provider = entry.getValue();
			if (provider.clientId() == null || provider.clientId().isBlank()) {
				continue; // listed but not configured: not offered
			}
			URI issuer = (provider.issuer() != null) ? provider.issuer()
					: KnownIssuers.forProvider(name)
						.orElseThrow(() -> new IllegalStateException("nexus.login.providers." + name
								+ ".issuer is missing (NEXUS_LOGIN_PROVIDERS_" + name.toUpperCase() + "_ISSUER)"));
			providers.add(new OidcProvider(name, provider, issuer, callbackUri(nexus, name), timeout, clock, observations));
		}
		if (dev.provider() != null) {
			ProviderProperties devProperties = new ProviderProperties(null, DevProvider.CLIENT_ID,
					DevProvider.CLIENT_SECRET, List.of("openid", "email", "profile"),
					LoginProperties.ClientAuthentication.CLIENT_SECRET_BASIC, "RS256", "Development sign-in", null,
					new LoginProperties.AppleProperties(null, null, null, null, java.time.Duration.ofDays(30)));
			providers.add(new OidcProvider(DevProvider.NAME, devProperties, dev.provider().issuer(),
					callbackUri(nexus, DevProvider.NAME), timeout, clock, observations));
		}
		return new ProviderRegistry(providers);
	}

	@Bean
	SignInProviders signInProviders(ProviderRegistry registry) {
		List<SignInProviders.Provider> all = registry.all()
			.stream()
			.map((provider) -> new SignInProviders.Provider(provider.name(), provider.displayName()))
			.toList();
		return () -> all;
	}

	@Bean
	ProviderOrigins providerOrigins(ProviderRegistry registry) {
		List<String> origins = registry.all().stream().map(OidcProvider::issuerOrigin).distinct().toList();
		return () -> origins;
	}

	@Bean
	@DependsOn("productionSafetyCheck")
	LoginStateCookie loginStateCookie(LoginProperties properties, NexusProperties nexus, CookieFactory cookies,
			Clock clock) {
		byte[] secret = DevelopmentSecrets.orGenerated(properties.stateSecret(), nexus, "login-state.secret");
		return new LoginStateCookie(secret, cookies, properties.stateLifetime(), clock);
	}

	@Bean
	@DependsOn("productionSafetyCheck")
	PendingLinkCookie pendingLinkCookie(LoginProperties properties, NexusProperties nexus, CookieFactory cookies,
			Clock clock) {
		byte[] secret = DevelopmentSecrets.orGenerated(properties.stateSecret(), nexus, "login-state.secret");
		return new PendingLinkCookie(secret, cookies, clock);
	}

	@Bean
	ReturnToPolicy returnToPolicy(LoginProperties properties, NexusProperties nexus) {
		return new ReturnToPolicy(nexus.publicUrl(), properties.allowedReturnOrigins());
	}

	@Bean
	ProductionCheck loginProductionCheck(LoginProperties properties) {
		return () -> {
			List<String> problems = new ArrayList<>();
			Secrets.weakness(properties.stateSecret())
				.ifPresent((why) -> problems.add("NEXUS_LOGIN_STATE_SECRET " + why));
			properties.providers().forEach((name, provider) -> {
				// a provider issues its secret: checked for presence and placeholders, not for randomness
				boolean configured = provider.clientId() != null && !provider.clientId().isBlank();
				if (configured) {
					Secrets.issuedWeakness(provider.clientSecret())
						.ifPresent((why) -> problems
							.add("NEXUS_LOGIN_PROVIDERS_" + name.toUpperCase() + "_CLIENT_SECRET " + why));
				}
			});
			return problems;
		};
	}

	private static URI callbackUri(NexusProperties nexus, String provider) {
		return URI.create(nexus.baseUrl() + "/api/auth/" + provider + "/callback");
	}

	/** Holds the development provider when it runs, so that its server stops with the context. */
	record DevProviderHandle(@Nullable DevProvider provider) implements AutoCloseable {

		@Override
		public void close() {
			if (this.provider != null) {
				this.provider.close();
			}
		}
	}
}
