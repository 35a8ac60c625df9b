package nexus.iam.authserver;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationEndpointFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import nexus.iam.audit.AuditLog;
import nexus.iam.backchannel.EndSessionEndpoint;
import nexus.iam.clientregistry.ClientAssertionDecoders;
import nexus.iam.clientregistry.ClientRegistrationEndpoint;
import nexus.iam.config.NexusProperties;
import nexus.iam.revocation.RevocationService;
import nexus.iam.session.SessionApplications;
import nexus.iam.session.SessionService;
import nexus.iam.surface.EdgeFilters;
import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;
import nexus.iam.token.SigningKeys;
import nexus.iam.token.TokenProperties;

/**
 * Spring Authorization Server, wired to Nexus. Spring Boot's own auto-configuration of it is
 * excluded (application.yml): it would generate an RSA key at every start, add a {@code JwtDecoder}
 * bean for the whole application and, without Nexus's chains, a form login. Here instead: one
 * filter chain, ordered before Nexus's and matching only the provider's endpoints (never
 * {@code /connect/logout} and {@code /connect/register}, which Nexus's own controllers answer),
 * stateless (no HTTP session: the Nexus session is the only sign-in state), with Nexus's
 * signing keys, storage in PostgreSQL and the claims of {@link TokenClaims}.
 */
@Configuration(proxyBeanMethods = false)
class AuthServerConfiguration {

	static final String AUTHORIZE = "/oauth2/authorize";

	static final String CONSENT_PAGE = "/oauth2/consent";

	/** The RP-initiated logout (backchannel package) and dynamic registration (clientregistry) are Nexus's own. */
	private static final List<String> NOT_OURS = List.of(EndSessionEndpoint.PATH,
			ClientRegistrationEndpoint.PATH, ClientRegistrationEndpoint.PATH + "/**");

	@Bean
	AuthorizationServerSettings authorizationServerSettings(NexusProperties nexus) {
		return AuthorizationServerSettings.builder().issuer(nexus.baseUrl()).build();
	}

	@Bean
	AuthorizationMapping authorizationMapping(JsonMapper json) {
		return new AuthorizationMapping(json);
	}

	@Bean
	PostgresAuthorizationService authorizationService(AuthorizationRepository repository, AuthorizationMapping mapping,
			RevocationService revocations, Clock clock) {
		return new PostgresAuthorizationService(repository, mapping, revocations, clock);
	}

	@Bean
	PostgresConsentService authorizationConsentService(ConsentRepository consents, AuthorizationRepository authorizations,
			PostgresAuthorizationService authorizationService, AuditLog audit, Clock clock) {
		return new PostgresConsentService(consents, authorizations, authorizationService, audit, clock);
	}

	/**
	 * The consent page answers an anonymous browser itself (it sends it to sign in). The protocol
	 * endpoints count against the rate limits like Nexus's own: the client-authenticated ones as
	 * {@code token}, the authorization request as a {@code sign-in}.
	 */
	@Bean
	HttpSurface authServerSurface() {
		return HttpSurface.publicPaths(CONSENT_PAGE)
			.withRateLimit(RateLimit.perClient(RateLimit.TOKEN, "^/oauth2/(token|introspect|revoke)$"))
			.withRateLimit(RateLimit.perClient(RateLimit.SIGN_IN, "^" + AUTHORIZE + "$"));
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, RegisteredClientRepository clients,
			PostgresAuthorizationService authorizations, PostgresConsentService consents,
			AuthorizationServerSettings settings, SigningKeys keys, TokenProperties tokens,
			AuthServerProperties properties, SessionService sessions, Users users, BrowserSessions browserSessions,
			AuditLog audit, ProviderMetrics metrics, SessionApplications applications, ClientAssertionDecoders assertions,
			NexusProperties nexus, EdgeFilters edge, Clock clock) throws Exception {
		// headers, CORS, size limit, decoding door and rate limits as on every chain; the CSP below is this chain's own
		edge.applyTo(http);
		OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
		AuthorizationResponses responses = new AuthorizationResponses(audit, metrics, applications);
		JwtGenerator jwts = new JwtGenerator(new SigningKeyJwtEncoder(keys, clock));
		jwts.setClock(clock);
		jwts.setJwtCustomizer(new TokenClaims(sessions, users, tokens.accessTokenLifetime(), properties.idTokenLifetime()));
		RequestMatcher authorizationEndpoint = new OrRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, AUTHORIZE),
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, AUTHORIZE));
		// the JWKS endpoint publishes Nexus's keys: every key that verifies, so rotation covers the provider
		http.setSharedObject(JWKSource.class, publicKeys(keys));
		http.securityMatcher(new AndRequestMatcher(server.getEndpointsMatcher(), new NegatedRequestMatcher(notOurs())))
			.with(server, (provider) -> provider.registeredClientRepository(clients)
				.authorizationService(authorizations)
				.authorizationConsentService(consents)
				.authorizationServerSettings(settings)
				.tokenGenerator(new DelegatingOAuth2TokenGenerator(jwts, new RefreshTokens(clock)))
				.withObjectPostProcessor(noHttpSession())
				// private_key_jwt with the client's inline keys as well as its jwks_uri
				.clientAuthentication((authentication) -> authentication.authenticationProviders((providers) -> providers
					.forEach((each) -> {
						if (each instanceof JwtClientAssertionAuthenticationProvider jwt) {
							jwt.setJwtDecoderFactory(assertions);
						}
					})))
				.authorizationEndpoint((endpoint) -> endpoint.consentPage(CONSENT_PAGE)
					.authorizationResponseHandler(responses)
					.errorResponseHandler(responses)
					.authenticationProviders((providers) -> providers.forEach((each) -> {
						if (each instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codes) {
							codes.setAuthorizationConsentRequired(ConsentRule::required);
						}
					})))
				.tokenEndpoint((endpoint) -> endpoint.accessTokenResponseHandler(new TokenResponses(audit, metrics))
					.authenticationProviders((providers) -> providers.replaceAll((each) -> (each instanceof OAuth2RefreshTokenAuthenticationProvider)
							? new RefreshReuseGuard(each, authorizations, audit, metrics) : each)))
				.tokenIntrospectionEndpoint((endpoint) -> endpoint.authenticationProviders((providers) -> providers
					.replaceAll((each) -> (each instanceof OAuth2TokenIntrospectionAuthenticationProvider)
							? new IntrospectionGuard(each, authorizations, clients, sessions) : each)))
				.authorizationServerMetadataEndpoint((endpoint) -> endpoint
					.authorizationServerMetadataCustomizer(Discovery::customize))
				.oidc((oidc) -> oidc.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(new UserInfoClaims(sessions, users)))
					.providerConfigurationEndpoint((discovery) -> discovery.providerConfigurationCustomizer(Discovery::customize))))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(authorizationEndpoint).permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(accessTokenDecoder(keys, nexus))))
			// before Spring Authorization Server reads the request's principal
			.addFilterBefore(new BrowserSessionFilter(authorizationEndpoint, browserSessions), LogoutFilter.class)
			// after it checked the request, before it answers
			.addFilterAfter(new AuthorizeGate(clients, responses, nexus.baseUrl(), clock), ExceptionTranslationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new ProtocolEntryPoint()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			// the edge's headers, but forms go to this service only: no sign-in provider's origin
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; style-src 'self'; "
						+ "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")));
		return http.build();
	}

	/**
	 * Spring Authorization Server opens an HTTP session at each OpenID authorization to remember it
	 * for its own logout; Nexus's session is the only state, so nothing is opened.
	 */
	private static ObjectPostProcessor<OAuth2AuthorizationEndpointFilter> noHttpSession() {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends OAuth2AuthorizationEndpointFilter> O postProcess(O filter) {
				filter.setSessionAuthenticationStrategy((authentication, request, response) -> {
				});
				return filter;
			}
		};
	}

	/** The current set at each look-up: a rotation or a retirement counts at once. */
	private static JWKSource<SecurityContext> publicKeys(SigningKeys keys) {
		return (selector, context) -> selector.select(keys.publicKeys());
	}

	private static RequestMatcher notOurs() {
		return new OrRequestMatcher(NOT_OURS.stream()
			.map((path) -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path))
			.toList());
	}

	/**
	 * Bearer tokens at userinfo: the provider's access tokens ({@code typ: at+jwt}, ES256, our issuer),
	 * checked against Nexus's keys; which of them is still live is the authorization store's answer.
	 */
	private static JwtDecoder accessTokenDecoder(SigningKeys keys, NexusProperties nexus) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(publicKeys(keys))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.jwtProcessorCustomizer((processor) -> processor
				.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"))))
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(nexus.baseUrl()), new JwtTypeValidator("at+jwt")));
		return decoder;
	}
}
