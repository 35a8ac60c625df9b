package nexus.iam.authserver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nexus.iam.authserver.AuthorizeDecision.Proceed;
import nexus.iam.authserver.AuthorizeDecision.Refuse;
import nexus.iam.authserver.AuthorizeDecision.Request;
import nexus.iam.authserver.AuthorizeDecision.Session;
import nexus.iam.authserver.AuthorizeDecision.SignIn;
import nexus.iam.authserver.AuthorizeDecision.StepUp;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizeDecisionTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private static final Session ONE_FACTOR = new Session(List.of("google"), NOW.minus(Duration.ofMinutes(30)));

	private static final Session TWO_FACTORS = new Session(List.of("google", "otp"), NOW.minus(Duration.ofMinutes(30)));

	@Test
	void decideWhenNoSessionThenSignIn() {
		assertThat(decide(null, request(Set.of()))).isEqualTo(new SignIn(false));
	}

	@Test
	void decideWhenNoSessionAndPromptNoneThenLoginRequired() {
		assertThat(decide(null, request(Set.of("none")))).isEqualTo(new Refuse("login_required"));
	}

	@Test
	void decideWhenNoSessionThenAnyNewSessionCountsEvenWithPromptLogin() {
		assertThat(decide(null, request(Set.of("login")))).isEqualTo(new SignIn(false));
	}

	@Test
	void decideWhenSessionThenProceed() {
		assertThat(decide(ONE_FACTOR, request(Set.of()))).isEqualTo(new Proceed());
		assertThat(decide(ONE_FACTOR, request(Set.of("none")))).isEqualTo(new Proceed());
	}

	@Test
	void decideWhenPromptLoginThenSignInEvenWithASession() {
		assertThat(decide(TWO_FACTORS, request(Set.of("login")))).isEqualTo(new SignIn(true));
		assertThat(decide(TWO_FACTORS, request(Set.of("login", "consent")))).isEqualTo(new SignIn(true));
	}

	@Test
	void decideWhenMaxAgeExceededThenSignInOrLoginRequired() {
		Request old = new Request(Set.of(), Duration.ofMinutes(10), Set.of(), null);
		assertThat(decide(ONE_FACTOR, old)).isEqualTo(new SignIn(true));
		Request oldNone = new Request(Set.of("none"), Duration.ofMinutes(10), Set.of(), null);
		assertThat(decide(ONE_FACTOR, oldNone)).isEqualTo(new Refuse("login_required"));
		Request young = new Request(Set.of(), Duration.ofHours(1), Set.of(), null);
		assertThat(decide(ONE_FACTOR, young)).isEqualTo(new Proceed());
	}

	@Test
	void decideWhenBackFromSigningInAgainThenASessionFromBeforeStillSignsIn() {
		Request back = new Request(Set.of(), null, Set.of(), NOW.minus(Duration.ofMinutes(1)));
		assertThat(decide(ONE_FACTOR, back)).isEqualTo(new SignIn(true));
		Session fresh = new Session(List.of("google"), NOW.minus(Duration.ofSeconds(20)));
		assertThat(decide(fresh, back)).isEqualTo(new Proceed());
	}

	@Test
	void decideWhenBackFromSigningInAgainThenMaxAgeCountsAsMet() {
		// the sign-in took longer than max_age=0 allows: the sign-in that was asked for still counts
		Session fresh = new Session(List.of("google"), NOW.minus(Duration.ofSeconds(20)));
		Request back = new Request(Set.of(), Duration.ZERO, Set.of(), NOW.minus(Duration.ofMinutes(1)));
		assertThat(decide(fresh, back)).isEqualTo(new Proceed());
	}

	@Test
	void decideWhenClientRequiresTwoFactorsThenOneFactorStepsUp() {
		assertThat(AuthorizeDecision.decide(ONE_FACTOR, request(Set.of()), true, NOW)).isEqualTo(new StepUp());
		assertThat(AuthorizeDecision.decide(ONE_FACTOR, request(Set.of("none")), true, NOW))
			.isEqualTo(new Refuse("interaction_required"));
		assertThat(AuthorizeDecision.decide(TWO_FACTORS, request(Set.of()), true, NOW)).isEqualTo(new Proceed());
	}

	@Test
	void decideWhenAcrValuesAskForTwoFactorsThenOneFactorStepsUp() {
		Request mfa = new Request(Set.of(), null, Set.of("nexus:mfa"), null);
		assertThat(decide(ONE_FACTOR, mfa)).isEqualTo(new StepUp());
		assertThat(decide(TWO_FACTORS, mfa)).isEqualTo(new Proceed());
		Request oneFactor = new Request(Set.of(), null, Set.of("nexus:1fa"), null);
		assertThat(decide(ONE_FACTOR, oneFactor)).isEqualTo(new Proceed());
	}

	@Test
	void decideWhenPasskeyWithUserVerificationThenTwoFactors() {
		Session passkey = new Session(List.of("hwk", "mfa"), NOW.minus(Duration.ofMinutes(1)));
		assertThat(AuthorizeDecision.decide(passkey, request(Set.of()), true, NOW)).isEqualTo(new Proceed());
	}

	private static AuthorizeDecision.Outcome decide(Session session, Request request) {
		return AuthorizeDecision.decide(session, request, false, NOW);
	}

	private static Request request(Set<String> prompt) {
		return new Request(prompt, null, Set.of(), null);
	}
}
