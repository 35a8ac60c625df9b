package nexus.iam.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import nexus.iam.config.NexusProperties;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;

/**
 * What browsers are told: the security headers on every response (success, error, redirect,
 * static file), the CORS policy, and the request-size limit that runs among them. See docs/security.md for each header and why.
 */
final class BrowserPolicies {

	static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
			+ "accelerometer=(), gyroscope=(), magnetometer=()";

	private final boolean publicHttps;

	private final String contentSecurityPolicy;

	private final String xssProtection;

	private final UrlBasedCorsConfigurationSource cors;

	private final Set<String> allowedOrigins;

	private final RequestSizeFilter requestSize;

	private final RequestDecodingFilter requestDecoding;

	BrowserPolicies(NexusProperties nexus, WebProperties web, RequestLimitsProperties limits,
			List<String> providerOrigins, Set<String> crossSiteFormPaths) {
		this.publicHttps = nexus.secureTransport();
		this.xssProtection = web.xssProtection();
		Set<String> formTargets = new LinkedHashSet<>(List.of("'self'"));
		formTargets.addAll(providerOrigins);
		this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action "
				+ String.join(" ", formTargets);
		this.cors = corsSource(nexus.publicUrl(), web, providerOrigins, crossSiteFormPaths);
		this.requestSize = new RequestSizeFilter(web.maxRequestBody());
		this.requestDecoding = new RequestDecodingFilter(limits);
		this.allowedOrigins = Set.copyOf(
				this.cors.getCorsConfigurations().get("/**").getAllowedOrigins());
	}

	/** The origins that may send credentialed requests: ours and the configured ones. */
	Set<String> allowedOrigins() {
		return this.allowedOrigins;
	}

	void apply(HttpSecurity http) throws Exception {
		http.headers((headers) -> headers
			.contentSecurityPolicy((csp) -> csp.policyDirectives(this.contentSecurityPolicy))
			.frameOptions((frame) -> frame.deny())
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
			.permissionsPolicyHeader((permissions) -> permissions.policy(PERMISSIONS_POLICY))
			.crossOriginOpenerPolicy((coop) -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
			.xssProtection((xss) -> xss.headerValue("0".equals(this.xssProtection)
					? org.springframework.security.web.header.writers.XXssProtectionHeaderWriter.HeaderValue.DISABLED
					: org.springframework.security.web.header.writers.XXssProtectionHeaderWriter.HeaderValue.ENABLED_MODE_BLOCK))
			// one year, subdomains included; sent when browsers reach us over https (directly or
			// at a trusted proxy), never over plain http where it would be ignored anyway
			.httpStrictTransportSecurity((hsts) -> hsts.maxAgeInSeconds(31_536_000)
				.includeSubDomains(true)
				.requestMatcher((request) -> this.publicHttps || request.isSecure())))
			.addFilterAfter(corsFilter(), HeaderWriterFilter.class)
			// after the header writer, so that a 413 carries the security headers too, and before
			// anything that could read the body
			.addFilterBefore(this.requestSize, CorsFilter.class)
			// right after the size check (same slot, added later), before anything reads a
			// cookie or a parameter
			.addFilterBefore(this.requestDecoding, CorsFilter.class);
	}

	/** Spring's CORS filter, answering a refused origin with a problem document like every error. */
	private CorsFilter corsFilter() {
		CorsFilter filter = new CorsFilter(this.cors);
		filter.setCorsProcessor(new DefaultCorsProcessor() {
			@Override
			protected void rejectRequest(ServerHttpResponse response) throws IOException {
				Problems.write(((ServletServerHttpResponse) response).getServletResponse(),
						Problems.of(ErrorCode.ORIGIN_NOT_ALLOWED));
			}
		});
		return filter;
	}

	/**
	 * Credentialed CORS for the allowed origins only (the public URL's own origin always), never
	 * {@code *}; other origins get no CORS headers, so browsers keep their responses from scripts.
	 */
	private static UrlBasedCorsConfigurationSource corsSource(URI publicUrl, WebProperties web,
			List<String> providerOrigins, Set<String> crossSiteFormPaths) {
		List<String> origins = new ArrayList<>();
		origins.add(origin(publicUrl));
		web.corsAllowedOrigins().forEach((uri) -> origins.add(origin(uri)));
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(origins.stream().distinct().toList());
		configuration.setAllowCredentials(true);
		configuration.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.PUT.name(),
				HttpMethod.PATCH.name(), HttpMethod.DELETE.name()));
		configuration.setAllowedHeaders(List.of("Content-Type", "Authorization", "X-CSRF-Token", "X-Request-ID"));
		configuration.setExposedHeaders(List.of("X-CSRF-Token", "X-Request-ID", "Retry-After"));
		configuration.setMaxAge(web.corsMaxAge());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		// first match wins: a provider's page may POST the sign-in callback (form_post, Sign in
		// with Apple); no credentials, and no other path accepts those origins
		CorsConfiguration callbacks = new CorsConfiguration();
		callbacks.setAllowedOrigins(java.util.stream.Stream.concat(origins.stream(), providerOrigins.stream())
			.distinct()
			.toList());
		callbacks.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
		source.registerCorsConfiguration("/api/auth/*/callback", callbacks);
		// protocol endpoints that any site may send a browser to with a form (RP-initiated logout):
		// any origin, never with credentials, so no script elsewhere reads an answer made with our cookies
		CorsConfiguration crossSiteForms = new CorsConfiguration();
		crossSiteForms.setAllowedOriginPatterns(List.of("*"));
		crossSiteForms.setAllowCredentials(false);
		crossSiteForms.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
		crossSiteFormPaths.forEach((path) -> source.registerCorsConfiguration(path, crossSiteForms));
		source.registerCorsConfiguration("/**", configuration);
		return source;
	}

	private static String origin(URI uri) {
		int port = uri.getPort();
		return uri.getScheme() + "://" + uri.getHost() + ((port == -1) ? "" : ":" + port);
	}
}
