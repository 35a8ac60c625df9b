package nexus.iam.sso;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.surface.HttpSurface;

/** Forward-auth's rules for the web layer. */
@Configuration(proxyBeanMethods = false)
class SsoRoutes {

	/** The reverse proxy asks without a token of its own; the answer is forward-auth's verdict. */
	@Bean
	HttpSurface ssoSurface() {
		return HttpSurface.publicPaths("/api/auth/verify");
	}
}
