package nexus.iam.passkey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;

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
}
