package nexus.iam.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nexus.iam.identity.UserProfile;
import nexus.iam.problem.ErrorCode;
import nexus.iam.sso.ForwardAuthDecision.Allow;
import nexus.iam.sso.ForwardAuthDecision.Deny;
import nexus.iam.sso.ForwardAuthDecision.SignIn;
import nexus.iam.sso.ForwardAuthDecision.StepUp;
import nexus.iam.sso.ForwardAuthPolicy.Member;
import nexus.iam.sso.ForwardAuthPolicy.UserLookup;
import nexus.iam.sso.SsoProperties.Headers;
import nexus.iam.sso.SsoProperties.Policy;
import nexus.iam.sso.SsoProperties.Rule;
import nexus.iam.token.VerifiedAccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/** The forward-auth decision as a table, without Spring: the rules of docs/sso.md. */
class ForwardAuthPolicyTests {

	private static final Headers HEADERS = new Headers("Remote-User", "Remote-Email", "Remote-Name", "Remote-Groups");

	private static final List<Rule> RULES = List.of(
			new Rule(List.of("status.example.com"), List.of("/health", "/metrics/**"), Policy.BYPASS, List.of()),
			new Rule(List.of("status.example.com"), List.of(), Policy.ONE_FACTOR, List.of()),
			new Rule(List.of("*.tools.example.com"), List.of("/admin/**"), Policy.TWO_FACTOR, List.of()),
			new Rule(List.of("*.tools.example.com"), List.of(), Policy.ONE_FACTOR, List.of("staff")),
			new Rule(List.of("blocked.example.com"), List.of(), Policy.DENY, List.of()));

	private static final UUID USER_ID = UUID.fromString("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");

	private static final Member STAFF = new Member(profile("ada@example.com", "Ada"), List.of("ops", "staff"));

	private final ForwardAuthPolicy policy = new ForwardAuthPolicy(new SsoProperties(Policy.DENY, RULES, HEADERS));

	@ParameterizedTest(name = "{0}{1} -> {2}")
	@CsvSource({
			// the first matching rule decides: bypass paths before the host's catch-all
			"status.example.com, /health, bypass", "status.example.com, /metrics/jvm/heap, bypass",
			"status.example.com, /healthz, allow", "status.example.com, /metrics, bypass",
			"status.example.com, /metricsz, allow",
			"STATUS.Example.COM, /health, bypass",
			// *. matches any subdomain, at any depth, but not the apex nor a look-alike
			"grafana.tools.example.com, /d/abc, allow", "a.b.tools.example.com, /, allow",
			"tools.example.com, /, deny", "eviltools.example.com, /, deny",
			// Ant paths: /admin/** is /admin and below, not /administrator
			"grafana.tools.example.com, /admin, step-up", "grafana.tools.example.com, /admin/users/1, step-up",
			"grafana.tools.example.com, /administrator, allow",
			// a deny rule, and the default for a host no rule names
			"blocked.example.com, /, deny", "unknown.example.com, /, deny" })
	void firstMatchingRuleDecidesForASignedInStaffMember(String host, String path, String expected) {
		ForwardAuthDecision decision = this.policy.decide(host, path, token("google"), (id) -> Optional.of(STAFF));

		assertThat(label(decision)).isEqualTo(expected);
	}

	@Test
	void decideWhenNoRuleMatchesThenTheConfiguredDefaultDecides() {
		ForwardAuthPolicy open = new ForwardAuthPolicy(new SsoProperties(Policy.BYPASS, RULES, HEADERS));

		assertThat(open.decide("unknown.example.com", "/", null, nobody())).isEqualTo(new Allow(Map.of()));
		assertThat(this.policy.decide("unknown.example.com", "/", null, nobody()))
			.isEqualTo(new Deny(ErrorCode.FORBIDDEN, "No access rule allows this request"));
	}

	@Test
	void decideWhenBypassThenNoUserIsLookedUpAndNoIdentityHeadersGo() {
		UserLookup mustNotBeAsked = (id) -> {
			throw new AssertionError("a bypass needs no user");
		};

		assertThat(this.policy.decide("status.example.com", "/health", token("google"), mustNotBeAsked))
			.isEqualTo(new Allow(Map.of()));
	}

	@Test
	void decideWhenNoTokenThenSignIn() {
		assertThat(this.policy.decide("status.example.com", "/", null, nobody())).isEqualTo(new SignIn());
	}

	@Test
	void decideWhenTheTokensUserIsGoneThenSignIn() {
		assertThat(this.policy.decide("status.example.com", "/", token("google"), nobody())).isEqualTo(new SignIn());
	}

	@Test
	void decideWhenSignedInThenAllowWithTheIdentityHeaders() {
		ForwardAuthDecision decision = this.policy.decide("grafana.tools.example.com", "/", token("google"),
				(id) -> Optional.of(STAFF).filter((member) -> id.equals(USER_ID)));

		assertThat(decision).isEqualTo(new Allow(Map.of("Remote-User", USER_ID.toString(), "Remote-Email",
				"ada@example.com", "Remote-Name", "Ada", "Remote-Groups", "ops,staff")));
	}

	@Test
	void decideWhenTheUserHasNoAddressNorNameThenOnlyIdAndGroupsGo() {
		Member bare = new Member(profile(null, null), List.of());

		assertThat(this.policy.decide("status.example.com", "/", token("google"), (id) -> Optional.of(bare)))
			.isEqualTo(new Allow(Map.of("Remote-User", USER_ID.toString(), "Remote-Groups", "")));
	}

	@Test
	void decideWhenTheNameIsOutsideLatin1ThenItsHeaderCarriesAQuestionMarkPerCharacter() {
		Member named = new Member(profile("zoe@example.com", "Zoë 王"), List.of("staff"));

		Allow allow = (Allow) this.policy.decide("status.example.com", "/", token("google"), (id) -> Optional.of(named));

		assertThat(allow.headers()).containsEntry("Remote-Name", "Zoë ?");
	}

	@Test
	void decideWhenNotInAGroupTheRuleRequiresThenDenied() {
		Member outsider = new Member(profile("eve@example.com", "Eve"), List.of("ops"));

		assertThat(this.policy.decide("grafana.tools.example.com", "/", token("google"), (id) -> Optional.of(outsider)))
			.isEqualTo(new Deny(ErrorCode.FORBIDDEN, "Not in a group this rule requires"));
	}

	@Test
	void decideWhenTwoFactorsAreRequiredAndOneWasProvedThenStepUp() {
		assertThat(this.policy.decide("grafana.tools.example.com", "/admin/x", token("google"),
				(id) -> Optional.of(STAFF)))
			.isEqualTo(new StepUp());
	}

	@Test
	void decideWhenTwoFactorsAreRequiredAndBothWereProvedThenAllow() {
		assertThat(this.policy.decide("grafana.tools.example.com", "/admin/x", token("google", "otp"),
				(id) -> Optional.of(STAFF)))
			.isInstanceOf(Allow.class);
	}

	@Test
	void decideWhenTwoFactorsAreRequiredAndAUserVerifiedPasskeySignedInThenAllow() {
		assertThat(this.policy.decide("grafana.tools.example.com", "/admin/x", token("hwk", "user", "mfa"),
				(id) -> Optional.of(STAFF)))
			.isInstanceOf(Allow.class);
		assertThat(this.policy.decide("grafana.tools.example.com", "/admin/x", token("swk", "user"),
				(id) -> Optional.of(STAFF)))
			.as("a passkey without user verification is one factor")
			.isEqualTo(new StepUp());
	}

	@Test
	void decideWhenTwoFactorsAreRequiredWithoutATokenThenSignInFirst() {
		assertThat(this.policy.decide("grafana.tools.example.com", "/admin/x", null, nobody())).isEqualTo(new SignIn());
	}

	@Test
	void decideWhenADenyRuleMatchesThenDeniedEvenWithTwoFactors() {
		assertThat(this.policy.decide("blocked.example.com", "/", token("google", "otp"), (id) -> Optional.of(STAFF)))
			.isInstanceOf(Deny.class);
	}

	private static String label(ForwardAuthDecision decision) {
		return switch (decision) {
			case Allow allow -> allow.headers().isEmpty() ? "bypass" : "allow";
			case SignIn signIn -> "sign-in";
			case StepUp stepUp -> "step-up";
			case Deny deny -> "deny";
		};
	}

	private static UserLookup nobody() {
		return (id) -> Optional.empty();
	}

	private static VerifiedAccessToken token(String... amr) {
		Instant issued = Instant.parse("2026-12-01T10:00:00Z");
		return new VerifiedAccessToken(USER_ID, UUID.randomUUID(), UUID.randomUUID().toString(), List.of(amr), issued,
				issued.plusSeconds(300));
	}

	private static UserProfile profile(@Nullable String email, @Nullable String name) {
		return new UserProfile(USER_ID, email, email != null, name, Instant.parse("2026-11-01T00:00:00Z"), List.of());
	}
}
