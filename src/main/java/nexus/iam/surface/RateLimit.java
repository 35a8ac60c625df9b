package nexus.iam.surface;

import java.util.regex.Pattern;

/**
 * Requests whose path matches {@code path} count against {@code group}'s limit
 * ({@code nexus.rate-limit.<group>}: {@value #SIGN_IN}, {@value #TOKEN} or {@value #ACCOUNT}).
 * The path is the decoded one without {@code ;parameters}, as request mapping sees it.
 *
 * @param group the limit counted against, and the metrics' {@code endpoint} tag
 * @param perUser counted per signed-in user (else per client address)
 * @param changesOnly only state-changing methods count (not GET, HEAD, OPTIONS)
 * @param path a regular expression over the whole path
 */
public record RateLimit(String group, boolean perUser, boolean changesOnly, Pattern path) {

	public static final String SIGN_IN = "sign-in";

	public static final String TOKEN = "token";

	public static final String ACCOUNT = "account";

	/** Every request to the path, counted per client address (an IPv6 client by its /64). */
	public static RateLimit perClient(String group, String pathRegex) {
		return new RateLimit(group, false, false, Pattern.compile(pathRegex, Pattern.DOTALL));
	}

	/** State-changing requests to the path by a signed-in user, counted per user. */
	public static RateLimit changesPerUser(String group, String pathRegex) {
		return new RateLimit(group, true, true, Pattern.compile(pathRegex, Pattern.DOTALL));
	}

	public boolean matches(String lookupPath) {
		return this.path.matcher(lookupPath).matches();
	}
}
