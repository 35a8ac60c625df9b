package nexus.iam.login;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Every sign-in method the service offers, gathered from each method's {@link SignInProviders}
 * bean (today the OIDC providers; a passkey method adds its own bean), for the pages that list
 * them: the home page, the account page, the merge flow's page, the start-up banner.
 */
@Component
public final class SignInMethods {

	private final List<SignInProviders.Provider> all;

	SignInMethods(List<SignInProviders> methods) {
		this.all = methods.stream().flatMap((method) -> method.all().stream()).toList();
	}

	public List<SignInProviders.Provider> all() {
		return this.all;
	}

	/** The method of this name, if it is offered. */
	public Optional<SignInProviders.Provider> find(String name) {
		return this.all.stream().filter((provider) -> provider.name().equals(name)).findFirst();
	}

	/** The name people see for a method's internal name ({@code dev}, {@code corp}); the name itself if it is gone. */
	public String displayName(String name) {
		return find(name).map(SignInProviders.Provider::displayName).orElse(name);
	}
}
