package nexus.iam.kratos;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.surface.HttpSurface;

/** Production refuses a weak web-hook secret; an unset one is allowed (the web-hook is then off). */
@Configuration(proxyBeanMethods = false)
class KratosConfiguration {

	@Bean
	ProductionCheck kratosProductionCheck(KratosProperties kratos) {
		return () -> kratos.webhookEnabled()
				? Secrets.weakness(kratos.webhookSecret()).map((why) -> "NEXUS_KRATOS_WEBHOOK_SECRET " + why).stream().toList()
				: List.of();
	}

	/** The web-hook authenticates its caller by a shared secret itself (KratosWebhookController). */
	@Bean
	HttpSurface kratosSurface() {
		return HttpSurface.publicPaths(KratosWebhookController.PATH);
	}
}
