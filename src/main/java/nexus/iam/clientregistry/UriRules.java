package nexus.iam.clientregistry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a URI Nexus sends a browser or a logout token to may be (redirect, post-logout redirect,
 * back-channel logout): absolute, no fragment (RFC 6749 §3.1.2), https, or http only to this
 * machine's loopback (RFC 8252 §7.3), no user information, so that no {@code javascript:},
 * {@code data:} or look-alike URI is ever registered.
 */
final class UriRules {

	static final int MAX_LENGTH = 2000;

	private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

	private UriRules() {
	}

	/** Why the value is refused, or empty when it is allowed. */
	static Optional<String> problem(String value) {
		if (value.isEmpty() || value.length() > MAX_LENGTH) {
			return Optional.of("must be between 1 and " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return Optional.of("is not a URI");
		}
		if (!uri.isAbsolute() || uri.isOpaque()) {
			return Optional.of("must be an absolute https URI");
		}
		if (uri.getRawFragment() != null) {
			return Optional.of("must not have a fragment");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http")) {
			return Optional.of("must be https (or http on loopback)");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return Optional.of("must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("must not have user information");
		}
		if (scheme.equals("http") && !isLoopback(uri.getHost())) {
			return Optional.of("may be http only on loopback (localhost, 127.0.0.1, [::1])");
		}
		return Optional.empty();
	}

	static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.equals("[::1]") || LOOPBACK_V4.matcher(name).matches();
	}
}
