package nexus.iam.home;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import nexus.iam.config.NexusProperties;
import nexus.iam.login.SignInMethods;

/** Tells a newcomer where to click once the service is ready. */
@Component
final class StartupBanner {

	private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

	private final NexusProperties nexus;

	private final SignInMethods providers;

	StartupBanner(NexusProperties nexus, SignInMethods providers) {
		this.nexus = nexus;
		this.providers = providers;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		log.info("Nexus IAM is ready at {}/ ({} mode)", this.nexus.baseUrl(), this.nexus.mode().name().toLowerCase());
		this.providers.all()
			.forEach((provider) -> log.info("Sign in with {}: {}/api/auth/{}/login", provider.displayName(),
					this.nexus.baseUrl(), provider.name()));
	}
}
