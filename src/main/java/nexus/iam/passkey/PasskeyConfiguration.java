package nexus.iam.passkey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;

@Configuration(proxyBeanMethods = false)
class PasskeyConfiguration {

	@Bean
	RelyingParty passkeyRelyingParty(NexusProperties nexus, PasskeyProperties properties) {
		return RelyingParty.of(nexus.publicUrl(), properties);
	}

	@Bean
	Ceremonies passkeyCeremonies(RelyingParty relyingParty) {
		return new Ceremonies(relyingParty);
	}

	/** An RP ID that does not cover every allowed origin, or an origin without TLS, stops a production start. */
	@Bean
	ProductionCheck passkeyProductionCheck(RelyingParty relyingParty) {
		return relyingParty::problems;
	}

	/**
	 * The public ceremony (already public under {@code /api/auth/**}) needs no CSRF token: the
	 * challenge it answers is bound to the browser and taken out on first use, so a forging page
	 * has none to answer. It counts as a sign-in for the rate limit.
	 */
	@Bean
	HttpSurface passkeySurface() {
		return HttpSurface.none()
			.withCsrfTokenExempt("/api/auth/passkey/options", "/api/auth/passkey")
			.withRateLimit(RateLimit.perClient(RateLimit.SIGN_IN, "^/api/auth/passkey(/options)?$"));
	}
}
