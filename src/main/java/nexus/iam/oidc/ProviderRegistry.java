package nexus.iam.oidc;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/** The sign-in providers this service offers, by name. */
final class ProviderRegistry {

	private final Map<String, OidcProvider> providers;

	ProviderRegistry(Collection<OidcProvider> providers) {
		Map<String, OidcProvider> byName = new LinkedHashMap<>();
		providers.forEach((provider) -> byName.put(provider.name(), provider));
		this.providers = Collections.unmodifiableMap(byName);
	}

	/** @throws ProblemException {@code unknown_provider} (404) */
	OidcProvider require(String name) {
		OidcProvider provider = this.providers.get(name);
		if (provider == null) {
			throw new ProblemException(ErrorCode.UNKNOWN_PROVIDER, "No sign-in provider has this name");
		}
		return provider;
	}

	java.util.Optional<OidcProvider> find(String name) {
		return java.util.Optional.ofNullable(this.providers.get(name));
	}

	Collection<OidcProvider> all() {
		return this.providers.values();
	}
}
