package nexus.iam.backchannel;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.backchannel.EndSessionDecision.Browser;
import nexus.iam.backchannel.EndSessionDecision.Confirm;
import nexus.iam.backchannel.EndSessionDecision.End;
import nexus.iam.backchannel.EndSessionDecision.Hint;
import nexus.iam.backchannel.EndSessionDecision.NothingToEnd;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-session decision as a table, without Spring: when a sign-out happens at once, when it asks first. */
class EndSessionDecisionTests {

	private static final UUID ALICE = UUID.randomUUID();

	private static final UUID MALLORY = UUID.randomUUID();

	private static final UUID BROWSER_SESSION = UUID.randomUUID();

	private static final UUID OTHER_SESSION = UUID.randomUUID();

	private final Browser alicesBrowser = new Browser(ALICE, BROWSER_SESSION);

	@Test
	void decideWhenHintNamesTheBrowsersOwnSessionThenEndItAtOnce() {
		assertThat(EndSessionDecision.decide(this.alicesBrowser, new Hint(ALICE, BROWSER_SESSION), true, false))
			.isEqualTo(new End(BROWSER_SESSION));
	}

	@Test
	void decideWhenNoHintThenAskFirst() {
		assertThat(EndSessionDecision.decide(this.alicesBrowser, null, false, false)).isInstanceOf(Confirm.class);
	}

	@Test
	void decideWhenHintNamesAnotherSessionOfTheSameUserThenAskFirst() {
		assertThat(EndSessionDecision.decide(this.alicesBrowser, new Hint(ALICE, OTHER_SESSION), true, false))
			.isInstanceOf(Confirm.class);
	}

	@Test
	void decideWhenHintIsSomeoneElsesThenAskFirst() {
		// a site holding its own ID token for the victim's session id still does not match the user
		assertThat(EndSessionDecision.decide(this.alicesBrowser, new Hint(MALLORY, BROWSER_SESSION), true, false))
			.isInstanceOf(Confirm.class);
	}

	@Test
	void decideWhenHintNamesNoSessionThenAskFirst() {
		assertThat(EndSessionDecision.decide(this.alicesBrowser, new Hint(ALICE, null), false, false))
			.isInstanceOf(Confirm.class);
	}

	@Test
	void decideWhenConfirmedThenEndTheBrowsersSessionWhateverTheHint() {
		assertThat(EndSessionDecision.decide(this.alicesBrowser, null, false, true)).isEqualTo(new End(BROWSER_SESSION));
		assertThat(EndSessionDecision.decide(this.alicesBrowser, new Hint(ALICE, OTHER_SESSION), true, true))
			.isEqualTo(new End(BROWSER_SESSION));
	}

	@Test
	void decideWhenNoBrowserSessionAndNoHintThenNothingToEnd() {
		assertThat(EndSessionDecision.decide(null, null, false, false)).isInstanceOf(NothingToEnd.class);
	}

	@Test
	void decideWhenNoBrowserSessionButTheHintsSessionIsLiveThenAskSoTheCookiesComeBack() {
		// an application's cross-site POST carries no SameSite=Lax cookies: "signed out" would be untrue
		assertThat(EndSessionDecision.decide(null, new Hint(ALICE, OTHER_SESSION), true, false))
			.isInstanceOf(Confirm.class);
	}

	@Test
	void decideWhenNoBrowserSessionAndTheHintsSessionEndedThenNothingToEnd() {
		assertThat(EndSessionDecision.decide(null, new Hint(ALICE, OTHER_SESSION), false, false))
			.isInstanceOf(NothingToEnd.class);
	}

	@Test
	void decideWhenConfirmedWithoutABrowserSessionThenNothingToEndRatherThanAskingAgain() {
		assertThat(EndSessionDecision.decide(null, new Hint(ALICE, OTHER_SESSION), true, true))
			.isInstanceOf(NothingToEnd.class);
	}

	private static final List<String> REGISTERED = List.of("https://grafana.example.com/logout",
			"https://gitea.example.com/signed-out?from=nexus");

	@Test
	void returnToWhenRegisteredExactlyThenItWithTheStateEncoded() {
		assertThat(EndSessionDecision.returnTo(REGISTERED, "https://grafana.example.com/logout", "a b&c=d"))
			.isEqualTo("https://grafana.example.com/logout?state=a%20b%26c%3Dd");
		assertThat(EndSessionDecision.returnTo(REGISTERED, "https://gitea.example.com/signed-out?from=nexus", "s"))
			.isEqualTo("https://gitea.example.com/signed-out?from=nexus&state=s");
		assertThat(EndSessionDecision.returnTo(REGISTERED, "https://grafana.example.com/logout", null))
			.isEqualTo("https://grafana.example.com/logout");
	}

	@Test
	void returnToWhenNotRegisteredCharacterForCharacterThenNowhere() {
		for (String requested : List.of("https://grafana.example.com/logout/", "https://grafana.example.com/logout?x=1",
				"https://GRAFANA.example.com/logout", "https://grafana.example.com.evil.example/logout",
				"https://grafana.example.com/log", "https://evil.example/")) {
			assertThat(EndSessionDecision.returnTo(REGISTERED, requested, "s")).as(requested).isNull();
		}
		assertThat(EndSessionDecision.returnTo(REGISTERED, null, "s")).isNull();
		assertThat(EndSessionDecision.returnTo(List.of(), "https://grafana.example.com/logout", "s")).isNull();
	}
}
