package nexus.iam.passkey;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RelyingPartyTests {

	@Test
	void ofWhenNothingConfiguredThenThePublicUrlsHostAndOrigin() {
		RelyingParty rp = RelyingParty.of(URI.create("https://ID.nexus.example/"), properties(null));
		assertThat(rp.id()).isEqualTo("id.nexus.example");
		assertThat(rp.origins()).containsExactly("https://id.nexus.example");
		assertThat(rp.problems()).isEmpty();
	}

	@Test
	void ofWhenParentDomainAndMoreOriginsThenEveryOriginUnderIt() {
		RelyingParty rp = RelyingParty.of(URI.create("https://id.nexus.example"),
				properties("nexus.example", "https://grafana.nexus.example:443", "https://app.nexus.example:8443"));
		assertThat(rp.id()).isEqualTo("nexus.example");
		assertThat(rp.origins()).containsExactlyInAnyOrder("https://id.nexus.example", "https://grafana.nexus.example",
				"https://app.nexus.example:8443");
		assertThat(rp.problems()).isEmpty();
	}

	@Test
	void problemsWhenAnOriginIsOutsideTheRpIdOrNotHttpsThenNamed() {
		RelyingParty outside = RelyingParty.of(URI.create("https://id.nexus.example"), properties("other.example"));
		assertThat(outside.problems()).singleElement().asString().contains("NEXUS_PASSKEY_RP_ID");
		RelyingParty suffixOnly = RelyingParty.of(URI.create("https://id.nexus.example"), properties("xus.example"));
		assertThat(suffixOnly.problems()).as("a suffix of the host that is not a parent domain").isNotEmpty();
		RelyingParty plain = RelyingParty.of(URI.create("https://id.nexus.example"), properties("nexus.example",
				"http://app.nexus.example"));
		assertThat(plain.problems()).singleElement().asString().contains("http://app.nexus.example is not https");
		RelyingParty local = RelyingParty.of(URI.create("https://id.nexus.example"), properties("localhost",
				"http://localhost:3000"));
		assertThat(local.problems()).as("plain http on this machine, as for the public URL")
			.noneMatch((problem) -> problem.contains("not https"));
		RelyingParty publicHttp = RelyingParty.of(URI.create("http://id.nexus.example"), properties(null));
		assertThat(publicHttp.problems()).as("the public URL's scheme is named by the public URL's own check").isEmpty();
	}

	@Test
	void propertiesWhenChallengeLifetimeOverFiveMinutesThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new PasskeyProperties(null, "Nexus", List.of(), Duration.ofMinutes(6), Duration.ofMinutes(10)));
	}

	private static PasskeyProperties properties(String rpId, String... origins) {
		return new PasskeyProperties(rpId, "Nexus", List.of(origins), Duration.ofMinutes(5), Duration.ofMinutes(10));
	}
}
