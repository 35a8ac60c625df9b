package nexus.iam.backchannel;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.audit.AuditLog;
import nexus.iam.config.NexusProperties;
import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;
import nexus.iam.token.SignedJwts;

@Configuration(proxyBeanMethods = false)
class BackchannelConfiguration {

	/** The issuer of Nexus as an OpenID Provider is its public URL. */
	@Bean
	LogoutTokens logoutTokens(SignedJwts jwts, NexusProperties nexus, LogoutProperties properties, Clock clock) {
		return new LogoutTokens(jwts, nexus.baseUrl(), properties.logoutTokenLifetime(), clock);
	}

	@Bean
	IdTokenHints idTokenHints(SignedJwts jwts, NexusProperties nexus) {
		return new IdTokenHints(jwts, nexus.baseUrl());
	}

	@Bean
	BackchannelDelivery backchannelDelivery(LogoutClients clients, LogoutTokens tokens, LogoutProperties properties,
			JsonMapper json, BackchannelMetrics metrics, AuditLog audit) {
		return new BackchannelDelivery(clients, tokens, properties.backchannelTimeout(), json, metrics, audit);
	}

	/**
	 * Anyone may be sent to the end-session endpoint, signed in or not. Applications post their
	 * forms to it from their own sites (the specification allows POST), so neither the origin check
	 * nor the CSRF token applies: it protects itself, ending a session only for a hint naming the
	 * browser's own session or after a confirmation carrying that session's CSRF token
	 * ({@link EndSessionDecision}). Each request may check a signature: rate-limited as sign-ins.
	 */
	@Bean
	HttpSurface backchannelSurface() {
		return HttpSurface.publicPaths(EndSessionEndpoint.PATH)
			.withCrossSiteFormPaths(EndSessionEndpoint.PATH)
			.withRateLimit(RateLimit.perClient(RateLimit.SIGN_IN, EndSessionEndpoint.PATH));
	}
}
