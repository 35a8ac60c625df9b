package nexus.iam.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.surface.HttpSurface;

/** The account page's rules for the web layer. */
@Configuration(proxyBeanMethods = false)
class AccountRoutes {

	/**
	 * The account page answers an anonymous browser itself: it refreshes with the refresh cookie,
	 * or sends the browser to sign in, instead of a 401 document.
	 */
	@Bean
	HttpSurface accountSurface() {
		return HttpSurface.publicPaths("/account", "/account/**");
	}
}
