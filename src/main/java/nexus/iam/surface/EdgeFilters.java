package nexus.iam.surface;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * The front of every filter chain, for a chain that a feature builds itself (the OpenID
 * Provider's): the security headers, CORS, the request-size limit, the one decoding door and the
 * rate limits of the {@link HttpSurface} groups, exactly as {@code web}'s own chains have them, so
 * that no endpoint is reached around them. {@code web} implements it.
 */
public interface EdgeFilters {

	/**
	 * Adds the edge to {@code http}. A chain that sets a header itself afterwards (its own
	 * Content-Security-Policy) keeps its own.
	 */
	void applyTo(HttpSecurity http) throws Exception;
}
