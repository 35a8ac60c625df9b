package nexus.iam.login;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.config.DevelopmentSecrets;
import nexus.iam.config.NexusProperties;

/** What every sign-in method shares: the merge flow's cookie and the rule for where to return. */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

	@Bean
	@DependsOn("productionSafetyCheck")
	PendingLinkCookie pendingLinkCookie(LoginProperties properties, NexusProperties nexus, CookieFactory cookies,
			Clock clock) {
		byte[] secret = DevelopmentSecrets.orGenerated(properties.stateSecret(), nexus, "login-state.secret");
		return new PendingLinkCookie(secret, cookies, clock);
	}

	@Bean
	ReturnToPolicy returnToPolicy(LoginProperties properties, NexusProperties nexus) {
		return new ReturnToPolicy(nexus.publicUrl(), properties.allowedReturnOrigins());
	}
}
