package nexus.iam.login;

import java.util.List;

/**
 * A sign-in method's providers, as pages list them: each method contributes a bean ({@code oidc}
 * its configured providers); {@link SignInMethods} gathers them for the pages.
 */
public interface SignInProviders {

	List<Provider> all();

	/** The name people see for a provider's internal name ({@code dev}, {@code corp}); the name itself if it is gone. */
	default String displayName(String name) {
		return all().stream().filter((provider) -> provider.name().equals(name)).map(Provider::displayName).findFirst()
			.orElse(name);
	}

	/** The provider of this name, if it is configured. */
	default java.util.Optional<Provider> find(String name) {
		return all().stream().filter((provider) -> provider.name().equals(name)).findFirst();
	}

	/**
	 * @param name the provider's name in URLs, e.g. {@code google}
	 * @param displayName its name on buttons
	 */
	record Provider(String name, String displayName) {
	}
}
