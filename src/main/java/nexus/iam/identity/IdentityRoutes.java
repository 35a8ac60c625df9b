package nexus.iam.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.surface.HttpSurface;
import nexus.iam.surface.RateLimit;

/** The rules for {@code /api/me}, the signed-in user's own API, which several features extend. */
@Configuration(proxyBeanMethods = false)
class IdentityRoutes {

	/** Every change to one's own account counts against the account limit, per user. */
	@Bean
	HttpSurface identitySurface() {
		return HttpSurface.none()
			.withRateLimit(RateLimit.changesPerUser(RateLimit.ACCOUNT, "^/api/me(/.*)?$"));
	}
}
