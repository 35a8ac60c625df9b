package nexus.iam.login;

import java.net.URI;
import java.util.List;

/** The origins of the sign-in providers, which the Content-Security-Policy lets forms go to. */
public interface ProviderOrigins {

	/** E.g. {@code https://accounts.google.com}: each provider's issuer, scheme, host and port. */
	List<String> origins();
}
