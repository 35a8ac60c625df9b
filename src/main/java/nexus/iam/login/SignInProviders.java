package nexus.iam.login;

import java.util.List;

/** The configured sign-in providers, for pages outside this package (the account page's link buttons). */
public interface SignInProviders {

	List<Provider> all();

	/**
	 * @param name the provider's name in URLs, e.g. {@code google}
	 * @param displayName its name on buttons
	 */
	record Provider(String name, String displayName) {
	}
}
