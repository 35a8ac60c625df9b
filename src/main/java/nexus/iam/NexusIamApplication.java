package nexus.iam;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

import nexus.iam.config.InterruptIsAStop;
import nexus.iam.token.SigningKeys;

// no user store: every request is authenticated by an access token (see the web package)
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class NexusIamApplication {

	public static void main(String[] args) {
		if (args.length == 1 && "generate-signing-key".equals(args[0])) {
			// for operators: a fresh ES256 key set for NEXUS_TOKEN_SIGNING_KEYS, nothing started
			System.out.println(new JWKSet(SigningKeys.generate()).toString(false));
			return;
		}
		InterruptIsAStop.installIfAsked();
		SpringApplication.run(NexusIamApplication.class, args);
	}
}
