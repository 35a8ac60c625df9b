package nexus.iam.home;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.surface.HttpSurface;

/** The home page's rules for the web layer. */
@Configuration(proxyBeanMethods = false)
class HomeRoutes {

	/** Where anyone starts: the sign-in choices, and the merge flow's explanation. */
	@Bean
	HttpSurface homeSurface() {
		return HttpSurface.publicPaths("/", LinkAccountPageController.PATH);
	}
}
