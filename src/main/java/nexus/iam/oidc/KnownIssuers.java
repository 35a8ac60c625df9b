package nexus.iam.oidc;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Issuers of providers this service knows by name, so that configuring them needs only a client. */
final class KnownIssuers {

	private static final Map<String, URI> ISSUERS = Map.of("google", URI.create("https://accounts.google.com"), "apple",
			URI.create("https://appleid.apple.com"));

	private KnownIssuers() {
	}

	static Optional<URI> forProvider(String name) {
		return Optional.ofNullable(ISSUERS.get(name));
	}
}
