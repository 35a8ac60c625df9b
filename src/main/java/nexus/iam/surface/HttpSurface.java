package nexus.iam.surface;

import java.util.List;

/**
 * A feature's contribution to the web layer's rules, one bean per feature (the pattern of
 * {@code config.ProductionCheck}): {@code web} collects every one, so that a new feature touches
 * only its own package.
 *
 * @param publicPaths Ant-style paths reachable without signing in (the endpoint then answers an
 * anonymous caller itself)
 * @param csrfTokenExempt exact paths whose state-changing requests need no CSRF token (the
 * origin check still applies); say why beside each
 * @param rateLimits the paths that count against one of the rate-limit groups
 * @param formActionOrigins origins outside ours that this feature's pages send forms to (the
 * Content-Security-Policy's {@code form-action}), and that may post back to a sign-in callback
 * @param crossSiteFormPaths exact paths that take form posts from other sites even with our
 * cookies (neither the origin check nor the CSRF token applies): only for an endpoint a protocol
 * lets other sites post to, which protects itself; say how beside each
 */
public record HttpSurface(List<String> publicPaths, List<String> csrfTokenExempt, List<RateLimit> rateLimits,
		List<String> formActionOrigins, List<String> crossSiteFormPaths) {

	public HttpSurface {
		publicPaths = List.copyOf(publicPaths);
		csrfTokenExempt = List.copyOf(csrfTokenExempt);
		rateLimits = List.copyOf(rateLimits);
		formActionOrigins = List.copyOf(formActionOrigins);
		crossSiteFormPaths = List.copyOf(crossSiteFormPaths);
	}

	public HttpSurface(List<String> publicPaths, List<String> csrfTokenExempt, List<RateLimit> rateLimits,
			List<String> formActionOrigins) {
		this(publicPaths, csrfTokenExempt, rateLimits, formActionOrigins, List.of());
	}

	/** Nothing yet: start here and add with the {@code with} methods. */
	public static HttpSurface none() {
		return new HttpSurface(List.of(), List.of(), List.of(), List.of());
	}

	/** Only public paths, to start with. */
	public static HttpSurface publicPaths(String... paths) {
		return new HttpSurface(List.of(paths), List.of(), List.of(), List.of());
	}

	public HttpSurface withCsrfTokenExempt(String... paths) {
		return new HttpSurface(this.publicPaths, concat(this.csrfTokenExempt, List.of(paths)), this.rateLimits,
				this.formActionOrigins, this.crossSiteFormPaths);
	}

	public HttpSurface withRateLimit(RateLimit limit) {
		return new HttpSurface(this.publicPaths, this.csrfTokenExempt, concat(this.rateLimits, List.of(limit)),
				this.formActionOrigins, this.crossSiteFormPaths);
	}

	public HttpSurface withFormActionOrigins(List<String> origins) {
		return new HttpSurface(this.publicPaths, this.csrfTokenExempt, this.rateLimits,
				concat(this.formActionOrigins, origins), this.crossSiteFormPaths);
	}

	public HttpSurface withCrossSiteFormPaths(String... paths) {
		return new HttpSurface(this.publicPaths, this.csrfTokenExempt, this.rateLimits, this.formActionOrigins,
				concat(this.crossSiteFormPaths, List.of(paths)));
	}

	private static <T> List<T> concat(List<T> a, List<T> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
	}
}
