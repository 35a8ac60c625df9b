package nexus.iam.mfa;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import nexus.iam.config.DevelopmentSecrets;
import nexus.iam.config.NexusProperties;
import nexus.iam.token.TokenProperties;
import nexus.iam.surface.HttpSurface;

@Configuration(proxyBeanMethods = false)
class MfaConfiguration {

	/** Keyed from the refresh-token secret under its own label, like the CSRF tokens. */
	@Bean
	@DependsOn("productionSafetyCheck")
	SecretCipher totpSecretCipher(TokenProperties tokens, NexusProperties nexus) {
		return new SecretCipher(DevelopmentSecrets.orGenerated(tokens.refreshTokenSecret(), nexus, "refresh-token.secret"));
	}

	@Bean
	Totp totp() {
		return new Totp();
	}

	/**
	 * The pages answer an anonymous browser themselves: the settings page sends it to sign in, the
	 * second-factor page is reached half signed in (by the pending sign-in cookie).
	 */
	@Bean
	HttpSurface mfaSurface() {
		return HttpSurface.publicPaths(MfaPageController.PAGE, MfaPageController.PAGE + "/**");
	}
}
