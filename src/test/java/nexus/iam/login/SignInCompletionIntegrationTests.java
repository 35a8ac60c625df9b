package nexus.iam.login;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.login.SignInContext.LinkIntent;
import nexus.iam.login.SignInOutcome.Linked;
import nexus.iam.login.SignInOutcome.MergeOffered;
import nexus.iam.login.SignInOutcome.SignedIn;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.token.VerifiedAccessToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The completion service as a new sign-in method calls it: no HTTP, only its public types, against
 * the real database. Each outcome, and the rule that a link finishes only in the session that
 * started it.
 */
class SignInCompletionIntegrationTests extends IntegrationTest {

	private static final SessionOrigin ORIGIN = new SessionOrigin(new ClientContext("203.0.113.7", "test"), "desktop",
			null, null, null, null);

	@Autowired
	private SignInCompletion completion;

	@Test
	void aNewIdentitySignsInAndTheSameIdentitySignsInToTheSameUserAgain() {
		ExternalIdentity identity = identity("method-a", uniqueEmail());

		SignInOutcome first = this.completion.complete(identity, SignInContext.signIn(ORIGIN, null));
		SignInOutcome second = this.completion.complete(identity, SignInContext.signIn(ORIGIN, null));

		assertThat(first).isInstanceOf(SignedIn.class);
		assertThat(second).isInstanceOf(SignedIn.class);
		assertThat(((SignedIn) second).userId()).isEqualTo(((SignedIn) first).userId());
		assertThat(((SignedIn) second).sessionId()).isNotEqualTo(((SignedIn) first).sessionId());
		assertThat(((SignedIn) first).tokens().accessToken()).isNotBlank();
	}

	@Test
	void aNewIdentityWithAnExistingAccountsAddressIsOfferedTheMergeAndLinkedOnceTheOwnerSignsIn() {
		String email = uniqueEmail();
		ExternalIdentity owner = identity("google", email);
		UUID account = ((SignedIn) this.completion.complete(owner, SignInContext.signIn(ORIGIN, null))).userId();
		ExternalIdentity newcomer = identity("dev", email);

		SignInOutcome offered = this.completion.complete(newcomer, SignInContext.signIn(ORIGIN, null));

		assertThat(offered).isInstanceOf(MergeOffered.class);
		PendingLink pending = ((MergeOffered) offered).pending();
		assertThat(pending.accountId()).isEqualTo(account);
		SignInOutcome ownerBack = this.completion.complete(owner, SignInContext.signIn(ORIGIN, pending));
		assertThat(((SignedIn) ownerBack).userId()).isEqualTo(account);
		SignInOutcome viaNewcomer = this.completion.complete(newcomer, SignInContext.signIn(ORIGIN, null));
		assertThat(viaNewcomer).as("linked by the owner's sign-in").isInstanceOf(SignedIn.class);
		assertThat(((SignedIn) viaNewcomer).userId()).isEqualTo(account);
	}

	@Test
	void aPendingLinkForAnotherAccountIsNotHonoured() {
		String email = uniqueEmail();
		ExternalIdentity owner = identity("google", email);
		this.completion.complete(owner, SignInContext.signIn(ORIGIN, null));
		PendingLink pending = ((MergeOffered) this.completion.complete(identity("dev", email),
				SignInContext.signIn(ORIGIN, null))).pending();
		ExternalIdentity stranger = identity("google", uniqueEmail());

		SignedIn strangerIn = (SignedIn) this.completion.complete(stranger, SignInContext.signIn(ORIGIN, pending));

		assertThat(strangerIn.userId()).isNotEqualTo(pending.accountId());
		assertThat(this.completion.complete(pending.identity(), SignInContext.signIn(ORIGIN, null)))
			.as("still not linked").isInstanceOf(MergeOffered.class);
	}

	@Test
	void aLinkFinishesOnlyInTheSessionThatStartedIt() {
		SignedIn user = (SignedIn) this.completion.complete(identity("google", uniqueEmail()),
				SignInContext.signIn(ORIGIN, null));
		ExternalIdentity added = identity("dev", uniqueEmail());
		VerifiedAccessToken otherSession = token(user.userId(), UUID.randomUUID());

		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.completion.complete(added,
					SignInContext.link(ORIGIN, new LinkIntent(user.userId(), user.sessionId(), otherSession, false))))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.LINK_NOT_ALLOWED));
		assertThatExceptionOfType(ProblemException.class)
			.as("no access token and no cross-site post: nothing proves the session")
			.isThrownBy(() -> this.completion.complete(added,
					SignInContext.link(ORIGIN, new LinkIntent(user.userId(), user.sessionId(), null, false))));

		SignInOutcome linked = this.completion.complete(added, SignInContext.link(ORIGIN,
				new LinkIntent(user.userId(), user.sessionId(), token(user.userId(), user.sessionId()), false)));

		assertThat(linked).isEqualTo(new Linked(user.userId(), added));
		assertThat(((SignedIn) this.completion.complete(added, SignInContext.signIn(ORIGIN, null))).userId())
			.isEqualTo(user.userId());
	}

	@Test
	void aCrossSitePostProvesTheSessionByItBeingLive() {
		SignedIn user = (SignedIn) this.completion.complete(identity("google", uniqueEmail()),
				SignInContext.signIn(ORIGIN, null));

		SignInOutcome linked = this.completion.complete(identity("apple", uniqueEmail()),
				SignInContext.link(ORIGIN, new LinkIntent(user.userId(), user.sessionId(), null, true)));

		assertThat(linked).isInstanceOf(Linked.class);
		assertThatExceptionOfType(ProblemException.class).as("a session that is not live")
			.isThrownBy(() -> this.completion.complete(identity("apple", uniqueEmail()),
					SignInContext.link(ORIGIN, new LinkIntent(user.userId(), UUID.randomUUID(), null, true))));
	}

	private static ExternalIdentity identity(String provider, String email) {
		return new ExternalIdentity(provider, provider + "-" + UUID.randomUUID(), email, true, "Test", null, false);
	}

	private static String uniqueEmail() {
		return "complete-" + UUID.randomUUID() + "@example.com";
	}

	private VerifiedAccessToken token(UUID userId, UUID sessionId) {
		Instant now = this.clock.instant();
		return new VerifiedAccessToken(userId, sessionId, UUID.randomUUID().toString(), List.of("google"), now,
				now.plusSeconds(300));
	}
}
