package nexus.iam.authserver;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentRuleTests {

	@Test
	void requiredWhenFirstPartyThenNever() {
		assertThat(ConsentRule.required(true, Set.of("openid", "email", "groups"), null)).isFalse();
	}

	@Test
	void requiredWhenOpenidAloneThenNever() {
		assertThat(ConsentRule.required(false, Set.of("openid"), null)).isFalse();
	}

	@Test
	void requiredWhenNothingRememberedThenAsked() {
		assertThat(ConsentRule.required(false, Set.of("openid", "email"), null)).isTrue();
	}

	@Test
	void requiredWhenRememberedCoversTheRequestThenNotAsked() {
		OAuth2AuthorizationConsent remembered = consent("openid", "email", "profile");
		assertThat(ConsentRule.required(false, Set.of("openid", "email"), remembered)).isFalse();
	}

	@Test
	void requiredWhenTheRequestAsksForMoreThanRememberedThenAskedAgain() {
		OAuth2AuthorizationConsent remembered = consent("openid", "email");
		assertThat(ConsentRule.required(false, Set.of("openid", "email", "groups"), remembered)).isTrue();
	}

	private static OAuth2AuthorizationConsent consent(String... scopes) {
		OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId("client", "user");
		for (String scope : scopes) {
			builder.scope(scope);
		}
		return builder.build();
	}
}
