package nexus.iam.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.CorsFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import nexus.iam.config.AdminProperties;
import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.redis.RedisProperties;
import nexus.iam.config.Secrets;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;
import nexus.iam.revocation.RevocationService;
import nexus.iam.surface.EdgeFilters;
import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.KnownUsers;
import nexus.iam.surface.RateLimit;
import nexus.iam.surface.SessionUse;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;

/**
 * The filter chains: stateless (no HTTP session: the browser's state lives in token cookies),
 * authentication by access token, and deny by default: only the paths that the features' {@link HttpSurface}
 * beans declare are public.
 * The internal administration API has a chain of its own, authenticated by a service token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * Reachable without signing in, besides what the features declare: the error document, static
	 * files, and the CSRF token's endpoint. {@code /health/**} and {@code /metrics} exist only on the
	 * management port, which is never published (see docs/operations.md).
	 */
	@Bean
	HttpSurface webSurface() {
		return HttpSurface.publicPaths("/error", "/favicon.ico", "/css/**", "/js/**", "/health/**", "/metrics", "/api/auth/csrf")
			.withRateLimit(RateLimit.perClient(RateLimit.TOKEN, "^/api/auth/csrf$"));
	}

	/** Every feature's routes' rules, merged once. */
	@Bean
	HttpSurfaces httpSurfaces(List<HttpSurface> surfaces) {
		return HttpSurfaces.of(surfaces);
	}

	/** The same edge for a chain a feature builds itself (the OpenID Provider's). */
	@Bean
	EdgeFilters edgeFilters(BrowserPolicies browser, RateLimiter rateLimiter, RateLimitProperties rateLimits,
			HttpSurfaces surfaces, MeterRegistry registry) {
		return (http) -> {
			browser.apply(http);
			if (rateLimits.enabled()) {
				// such a chain authenticates clients, not users: its limits are per client address
				http.addFilterAfter(new RateLimitFilter(rateLimiter, rateLimits, surfaces.rateLimits(), registry),
						CorsFilter.class);
			}
		};
	}

	@Bean
	@Order(1)
	SecurityFilterChain adminFilterChain(HttpSecurity http, AdminProperties admin, BrowserPolicies browser)
			throws Exception {
		stateless(http, browser).securityMatcher("/api/admin/**")
			.addFilterBefore(new AdminTokenFilter(admin), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, AccessTokenService accessTokens,
			RevocationService revocations, AuthCookies cookies, BrowserPolicies browser, CsrfTokens csrfTokens,
			RateLimiter rateLimiter, RateLimitProperties rateLimits, SessionUse activity, MeterRegistry registry,
			AuthModeProperties authMode, KnownUsers users, HttpSurfaces surfaces, java.time.Clock clock) throws Exception {
		stateless(http, browser).addFilterBefore(
				new AccessTokenAuthenticationFilter(accessTokens, revocations, cookies, activity,
						authMode.mode().tokens()),
				AnonymousAuthenticationFilter.class);
		Class<? extends jakarta.servlet.Filter> lastAuthentication = AccessTokenAuthenticationFilter.class;
		if (authMode.mode().headers()) {
			// after the token filter: a request with a valid token of its own is that token's user
			http.addFilterAfter(new ProxyHeaderAuthenticationFilter(authMode, users, clock),
					AccessTokenAuthenticationFilter.class);
			lastAuthentication = ProxyHeaderAuthenticationFilter.class;
		}
		http.addFilterAfter(
				new CsrfProtectionFilter(csrfTokens, cookies, browser.allowedOrigins(), surfaces.csrfTokenExempt(),
						surfaces.crossSiteFormPaths()),
				lastAuthentication)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(surfaces.publicPaths().toArray(String[]::new))
				.permitAll()
				.anyRequest()
				.authenticated());
		if (rateLimits.enabled()) {
			// after authentication, so that per-user limits know the user
			http.addFilterAfter(new RateLimitFilter(rateLimiter, rateLimits, surfaces.rateLimits(), registry), CsrfProtectionFilter.class);
		}
		return http.build();
	}

	/**
	 * Spring Security's firewall with the same header-value rule as its default (no control or
	 * unassigned characters) checked by a loop instead of a regular expression: the profile of
	 * {@code GET /api/me} showed the regular expression over the Authorization header among the
	 * largest costs of a request. Parameter names and values follow the same rule (the default
	 * allows any value), values with tabs and line breaks allowed: a NUL or another control
	 * character in a parameter never reaches a feature, a log line or PostgreSQL. {@link RequestDecodingFilter} reads every parameter early, so a refusal happens
	 * before any controller runs; it is a {@code 400 invalid_request} problem, like an unnormalised
	 * path, an encoded slash or a semicolon in the URL.
	 */
	@Bean
	WebSecurityCustomizer firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(SecurityConfiguration::isAllowedHeaderValue);
		firewall.setAllowedParameterNames(SecurityConfiguration::isAllowedHeaderValue);
		firewall.setAllowedParameterValues(SecurityConfiguration::isAllowedParameterValue);
		return (web) -> web.httpFirewall(firewall)
			.requestRejectedHandler((request, response, ex) -> Problems.write(response,
					Problems.of(ErrorCode.INVALID_REQUEST, "The URL, a header or a parameter holds what is not allowed")));
	}

	/**
	 * The header rule, but a value may hold line breaks and tabs as form text does (a textarea, or
	 * the JSON that Sign in with Apple posts as its {@code user} field). A parameter without "="
	 * has no value.
	 */
	static boolean isAllowedParameterValue(String value) {
		return value == null || isAllowedHeaderValue(value.replace('\t', ' ').replace('\r', ' ').replace('\n', ' '));
	}

	static boolean isAllowedHeaderValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return false;
			}
			if (c > 0x7f && (Character.isISOControl(c) || !Character.isDefined(c))) {
				return false;
			}
		}
		return true;
	}

	@Bean
	ProductionCheck adminProductionCheck(AdminProperties admin) {
		return () -> {
			List<String> problems = new ArrayList<>();
			if (admin.token() != null && !admin.token().isBlank()) {
				Secrets.weakness(admin.token()).ifPresent((why) -> problems.add("NEXUS_ADMIN_TOKEN " + why));
			}
			return problems;
		};
	}

	/** Shared through Redis when it is configured, else per node. */
	@Bean
	RateLimiter rateLimiter(RedisProperties redis, ObjectProvider<RedisClient> redisClient) {
		return redis.configured() ? new RedisRateLimiter(redisClient.getObject(), redis.keyPrefix()) : new InProcessRateLimiter();
	}

	@Bean
	BrowserPolicies browserPolicies(NexusProperties nexus, WebProperties web, RequestLimitsProperties limits,
			HttpSurfaces surfaces) {
		return new BrowserPolicies(nexus, web, limits, surfaces.formActionOrigins(), surfaces.crossSiteFormPaths());
	}

	/** Runs before Spring Security, so that every later filter sees the real client. */
	@Bean
	FilterRegistrationBean<TrustedProxyFilter> trustedProxyFilter(WebProperties web) {
		FilterRegistrationBean<TrustedProxyFilter> registration = new FilterRegistrationBean<>(
				new TrustedProxyFilter(web.trustedProxies()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		return registration;
	}

	private static HttpSecurity stateless(HttpSecurity http, BrowserPolicies browser) throws Exception {
		browser.apply(http);
		return http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Spring's CSRF support assumes an HTTP session or a cookie token; ours is bound to the
			// sign-in session instead (CsrfProtectionFilter, CsrfTokens)
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new ProblemAuthenticationEntryPoint())
				.accessDeniedHandler(new ProblemAccessDeniedHandler()));
	}
}
