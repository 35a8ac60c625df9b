package nexus.iam.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * Decides where a browser may be sent after sign-in: a path on this service, or a URL on an
 * allowed origin. Anything else is refused rather than silently replaced, so that a broken link
 * is noticed; this is what keeps the sign-in endpoint from being an open redirect.
 */
public final class ReturnToPolicy {

	static final String DEFAULT = "/";

	private static final int MAX_LENGTH = 2048;

	private final Set<String> allowedOrigins = new HashSet<>();

	ReturnToPolicy(URI publicUrl, List<URI> allowedOrigins) {
		this.allowedOrigins.add(origin(publicUrl));
		allowedOrigins.forEach((uri) -> this.allowedOrigins.add(origin(uri)));
	}

	/** The checked destination, {@value #DEFAULT} when none was asked for. */
	public String check(@Nullable String returnTo) {
		if (returnTo == null || returnTo.isEmpty()) {
			return DEFAULT;
		}
		if (returnTo.length() > MAX_LENGTH || returnTo.chars().anyMatch((c) -> c < 0x21 || c == 0x7f || c == '\\')) {
			throw rejected();
		}
		URI uri;
		try {
			uri = new URI(returnTo);
		}
		catch (URISyntaxException ex) {
			throw rejected();
		}
		if (isLocalPath(returnTo, uri)) {
			return returnTo;
		}
		if (uri.isAbsolute() && uri.getRawUserInfo() == null && uri.getHost() != null
				&& this.allowedOrigins.contains(origin(uri))) {
			return returnTo;
		}
		throw rejected();
	}

	private static boolean isLocalPath(String raw, URI uri) {
		// "//host" and "/\host" are protocol-relative to browsers: never a local path
		return raw.startsWith("/") && !raw.startsWith("//") && uri.getScheme() == null && uri.getRawAuthority() == null;
	}

	private static String origin(URI uri) {
		String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
		int port = uri.getPort();
		if (port == -1) {
			port = "https".equals(scheme) ? 443 : 80;
		}
		return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
	}

	private static ProblemException rejected() {
		return new ProblemException(ErrorCode.INVALID_RETURN_TO,
				"return_to must be a path on this service or a URL on an allowed origin");
	}
}
