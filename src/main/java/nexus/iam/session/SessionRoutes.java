package nexus.iam.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;

/** The token endpoints' rules for the web layer. */
@Configuration(proxyBeanMethods = false)
class SessionRoutes {

	/**
	 * Public (they authenticate by the refresh cookie or the token in the body), limited per
	 * client. Revocation and refresh need no CSRF token, only the origin check: revocation acts
	 * only on the token in its body (RFC 7009), which a forging page would need already; a refresh
	 * is how a reloaded page, whose access token expired, gets its session's CSRF token back in the
	 * first place (a forced refresh only rotates the victim's own tokens, out of the forger's sight).
	 */
	@Bean
	HttpSurface sessionSurface() {
		return HttpSurface.publicPaths("/api/auth/refresh", "/api/auth/revoke", "/api/auth/logout")
			.withCsrfTokenExempt("/api/auth/revoke", "/api/auth/refresh")
			.withRateLimit(RateLimit.perClient(RateLimit.TOKEN, "^/api/auth/(refresh|revoke|logout)$"));
	}
}
