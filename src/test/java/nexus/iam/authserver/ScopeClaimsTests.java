package nexus.iam.authserver;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeClaimsTests {

	private static final ScopeClaims.User USER = new ScopeClaims.User("u-1", "ada@example.com", true, "Ada",
			List.of("admins", "ops"));

	@Test
	void claimsWhenOpenidOnlyThenSubjectOnly() {
		assertThat(ScopeClaims.of(Set.of("openid"), USER)).isEqualTo(Map.of("sub", "u-1"));
	}

	@Test
	void claimsWhenEmailThenAddressAndWhetherVerified() {
		assertThat(ScopeClaims.of(Set.of("openid", "email"), USER)).containsEntry("email", "ada@example.com")
			.containsEntry("email_verified", true)
			.doesNotContainKeys("name", "groups");
	}

	@Test
	void claimsWhenProfileThenName() {
		assertThat(ScopeClaims.of(Set.of("openid", "profile"), USER)).containsEntry("name", "Ada")
			.doesNotContainKeys("email", "groups");
	}

	@Test
	void claimsWhenGroupsThenGroups() {
		assertThat(ScopeClaims.of(Set.of("openid", "groups"), USER)).containsEntry("groups", List.of("admins", "ops"));
	}

	@Test
	void claimsWhenNoAddressOrNameThenNoneInvented() {
		ScopeClaims.User bare = new ScopeClaims.User("u-2", null, false, null, List.of());
		assertThat(ScopeClaims.of(Set.of("openid", "email", "profile", "groups"), bare))
			.isEqualTo(Map.of("sub", "u-2", "groups", List.of()));
	}

	@Test
	void acrWhenOtpOrMfaThenTwoFactorsElseOne() {
		assertThat(Acr.of(List.of("google"))).isEqualTo("nexus:1fa");
		assertThat(Acr.of(List.of("google", "otp"))).isEqualTo("nexus:mfa");
		assertThat(Acr.of(List.of("hwk", "mfa"))).isEqualTo("nexus:mfa");
		assertThat(Acr.of(List.of("swk"))).isEqualTo("nexus:1fa");
	}
}
