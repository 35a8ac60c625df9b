package nexus.iam.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import nexus.iam.token.AccessTokenService;
import nexus.iam.token.AuthCookies;

/**
 * The filter chain: stateless (no HTTP session: the browser's state lives in token cookies),
 * authentication by access token, and deny by default: only the endpoints listed here are public.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Reachable without signing in. */
	static final String[] PUBLIC = { "/", "/error", "/favicon.ico", "/css/**", "/.well-known/jwks.json",
			"/api/auth/**", "/health/**" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AccessTokenService accessTokens, AuthCookies cookies)
			throws Exception {
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// CSRF: synchronizer tokens come with the web-hardening work; until then no endpoint
			// changes state with cookie authentication (sign-in is a GET redirect flow)
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.anonymous((anonymous) -> {
			})
			.addFilterBefore(new AccessTokenAuthenticationFilter(accessTokens, cookies),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new ProblemAuthenticationEntryPoint())
				.accessDeniedHandler(new ProblemAccessDeniedHandler()));
		return http.build();
	}
}
