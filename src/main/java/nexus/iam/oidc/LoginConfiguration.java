package nexus.iam.oidc;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.config.DevelopmentSecrets;
import nexus.iam.config.LocalHosts;
import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.config.StartRefusal;
import nexus.iam.login.LoginProperties;
import nexus.iam.login.LoginProperties.ProviderProperties;
import nexus.iam.login.SignInProviders;
import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;

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

	// in production, the safety check lists a missing issuer among every other problem first
	@Bean
	@DependsOn("productionSafetyCheck")
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
			URI issuer = issuer(name, provider);
			if (issuer == null) {
				throw new StartRefusal("Refusing to start", List.of(missingIssuer(name)));
			}
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

	/**
	 * {@code /api/auth/**} is the namespace of signing in and out: every endpoint there answers an
	 * anonymous caller itself (session's refresh and sign-out by their cookies, sso's forward-auth by
	 * its own verdict). Sign-in is rate-limited per client; the providers' pages take and send back
	 * our forms.
	 */
	@Bean
	HttpSurface loginSurface(ProviderRegistry registry) {
		return HttpSurface.publicPaths("/api/auth/**")
			.withRateLimit(RateLimit.perClient(RateLimit.SIGN_IN, "^/api/auth/[A-Za-z0-9_-]+/(login|callback)$"))
			.withFormActionOrigins(registry.all().stream().map(OidcProvider::issuerOrigin).distinct().toList());
	}

	@Bean
	@DependsOn("productionSafetyCheck")
	LoginStateCookie loginStateCookie(LoginProperties properties, NexusProperties nexus, CookieFactory cookies,
			Clock clock) {
		byte[] secret = DevelopmentSecrets.orGenerated(properties.stateSecret(), nexus, "login-state.secret");
		return new LoginStateCookie(secret, cookies, properties.stateLifetime(), clock);
	}

	@Bean
	ProductionCheck loginProductionCheck(LoginProperties properties, NexusProperties nexus,
			@Value("${nexus.auth.mode:native}") String authMode) {
		return () -> {
			List<String> problems = new ArrayList<>();
			Secrets.weakness(properties.stateSecret())
				.ifPresent((why) -> problems.add("NEXUS_LOGIN_STATE_SECRET " + why));
			int usable = 0;
			for (Map.Entry<String, ProviderProperties> entry : properties.providers().entrySet()) {
				String name = entry.getKey();
				ProviderProperties provider = entry.getValue();
				boolean configured = provider.clientId() != null && !provider.clientId().isBlank();
				if (!configured) {
					continue;
				}
				usable++;
				String variable = "NEXUS_LOGIN_PROVIDERS_" + variablePart(name);
				// a provider issues its secret: checked for presence and placeholders, not for randomness
				if (!provider.apple().configured()) {
					Secrets.issuedWeakness(provider.clientSecret())
						.ifPresent((why) -> problems.add(variable + "_CLIENT_SECRET " + why));
				}
				URI issuer = issuer(name, provider);
				if (issuer == null) {
					problems.add(missingIssuer(name));
				}
				else if (!"https".equalsIgnoreCase(issuer.getScheme()) && !LocalHosts.isLocal(issuer)) {
					problems.add(variable + "_ISSUER must be an https URL: tokens from a provider on another host "
							+ "would cross the network in clear (http is allowed on localhost only)");
				}
			}
			boolean devOn = Boolean.TRUE.equals(properties.devProvider().enabled());
			if (devOn && !LocalHosts.isLocal(nexus.publicUrl())) {
				problems.add("NEXUS_LOGIN_DEV_PROVIDER_ENABLED must not be true here: the development sign-in lets anyone "
						+ "sign in as anyone, and production allows it only with a local NEXUS_PUBLIC_URL (load tests)");
			}
			boolean headers = !"native".equalsIgnoreCase(authMode.strip());
			if (usable == 0 && !devOn && !headers) {
				problems.add("NEXUS_LOGIN_PROVIDERS_<NAME>_CLIENT_ID is missing for every provider: nobody could sign in. "
						+ "Configure Google, Apple or any OIDC provider (docs/providers.md)");
			}
			return problems;
		};
	}

	/** The configured issuer, else the one known for the provider's name (Google, Apple); null when neither. */
	private static @Nullable URI issuer(String name, ProviderProperties provider) {
		return (provider.issuer() != null) ? provider.issuer() : KnownIssuers.forProvider(name).orElse(null);
	}

	private static String missingIssuer(String name) {
		return "NEXUS_LOGIN_PROVIDERS_" + variablePart(name) + "_ISSUER is missing: set the provider's issuer URL, "
				+ "the one its /.well-known/openid-configuration is under (docs/providers.md)";
	}

	/** A provider's name as Spring Boot's relaxed binding spells it in an environment variable. */
	private static String variablePart(String name) {
		return name.replace("-", "").replace(".", "_").toUpperCase(java.util.Locale.ROOT);
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
