package nexus.iam.passkey;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import nexus.iam.config.LocalHosts;

/**
 * Who the passkeys belong to: the RP ID (a host name) and the origins whose pages may use them.
 * A decision without Spring: derived from the public URL and the passkey settings.
 *
 * @param id the RP ID
 * @param name what authenticators show
 * @param origins the allowed origins ({@code scheme://host[:port]})
 * @param publicOrigin the public URL's origin, one of them (its scheme is the public URL check's to judge)
 */
record RelyingParty(String id, String name, Set<String> origins, String publicOrigin) {

	static RelyingParty of(URI publicUrl, PasskeyProperties properties) {
		String host = publicUrl.getHost().toLowerCase(Locale.ROOT);
		String id = (properties.rpId() == null || properties.rpId().isBlank()) ? host
				: properties.rpId().strip().toLowerCase(Locale.ROOT);
		Set<String> origins = new LinkedHashSet<>();
		String publicOrigin = origin(publicUrl);
		origins.add(publicOrigin);
		for (String extra : properties.allowedOrigins()) {
			origins.add(origin(URI.create(extra.strip())));
		}
		return new RelyingParty(id, properties.rpName(), Set.copyOf(origins), publicOrigin);
	}

	/** What is wrong with this relying party for production (empty when nothing). */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		for (String origin : this.origins) {
			URI uri = URI.create(origin);
			// the public URL's own scheme is judged (and named) by the public URL's check; plain
			// http stays allowed on this machine, as it is for the public URL
			if (!"https".equals(uri.getScheme()) && !origin.equals(this.publicOrigin) && !LocalHosts.isLocal(uri.getHost())) {
				problems.add("NEXUS_PASSKEY_ALLOWED_ORIGINS: " + origin + " is not https");
			}
			if (!covers(this.id, uri.getHost())) {
				problems.add("NEXUS_PASSKEY_RP_ID: " + this.id + " is neither the host of " + origin
						+ " nor a parent domain of it");
			}
		}
		if (!this.id.contains(".") && !"localhost".equals(this.id)) {
			problems.add("NEXUS_PASSKEY_RP_ID: " + this.id + " is not a domain name");
		}
		return problems;
	}

	/** Whether a page on {@code host} may use passkeys of RP ID {@code rpId} (WebAuthn's rule). */
	static boolean covers(String rpId, @Nullable String host) {
		if (host == null) {
			return false;
		}
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals(rpId) || h.endsWith("." + rpId);
	}

	static String origin(URI uri) {
		if (uri.getScheme() == null || uri.getHost() == null) {
			throw new IllegalArgumentException("nexus.passkey.allowed-origins: " + uri + " is not an origin");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
		return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
	}
}
