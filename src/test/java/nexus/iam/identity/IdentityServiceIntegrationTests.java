package nexus.iam.identity;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.identity.IdentityService.LinkResult;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link IdentityService} against the real database: the merge-flow look-up (which account a new
 * identity must be linked into), linking, unlinking and groups.
 */
class IdentityServiceIntegrationTests extends IntegrationTest {

	@Autowired
	private IdentityService identities;

	@Test
	void accountToLinkIntoWhenAnotherProviderVerifiedTheSameAddressThenThatAccount() {
		String email = uniqueAddress();
		UUID existing = this.identities.signIn(google(email, true)).userId();

		assertThat(this.identities.accountToLinkInto(apple(email.toUpperCase(), true, false))).contains(existing);
	}

	@Test
	void accountToLinkIntoWhenTheNewAddressIsUnverifiedThenNone() {
		String email = uniqueAddress();
		this.identities.signIn(google(email, true));

		assertThat(this.identities.accountToLinkInto(apple(email, false, false))).isEmpty();
	}

	@Test
	void accountToLinkIntoWhenTheNewAddressIsAPrivateRelayThenNone() {
		String email = uniqueAddress();
		this.identities.signIn(google(email, true));

		assertThat(this.identities.accountToLinkInto(apple(email, true, true))).isEmpty();
	}

	@Test
	void accountToLinkIntoWhenTheAccountNeverVerifiedTheAddressThenNone() {
		String email = uniqueAddress();
		this.identities.signIn(google(email, false));

		assertThat(this.identities.accountToLinkInto(apple(email, true, false))).isEmpty();
	}

	@Test
	void accountToLinkIntoWhenTheAccountAlreadyHasAnIdentityAtThatProviderThenNone() {
		String email = uniqueAddress();
		this.identities.signIn(google(email, true));

		assertThat(this.identities.accountToLinkInto(google(email, true))).isEmpty();
	}

	@Test
	void accountToLinkIntoWhenTheIdentityIsAlreadyKnownThenNone() {
		String email = uniqueAddress();
		this.identities.signIn(google(email, true));
		ExternalIdentity apple = apple(email, true, false);
		this.identities.signIn(apple);

		assertThat(this.identities.accountToLinkInto(apple)).isEmpty();
	}

	@Test
	void linkWhenNewThenLinkedAndWhenRepeatedThenAlreadyLinkedAndForAnotherUserRefused() {
		UUID user = this.identities.signIn(google(uniqueAddress(), true)).userId();
		UUID other = this.identities.signIn(google(uniqueAddress(), true)).userId();
		ExternalIdentity apple = apple(uniqueAddress(), true, false);

		assertThat(this.identities.link(user, apple)).isEqualTo(LinkResult.LINKED);
		assertThat(this.identities.link(user, apple)).isEqualTo(LinkResult.ALREADY_LINKED);
		assertThat(this.identities.link(other, apple)).isEqualTo(LinkResult.OWNED_BY_ANOTHER);
		assertThat(this.identities.profile(user).orElseThrow().identities()).hasSize(2);
		assertThat(this.identities.profile(other).orElseThrow().identities()).hasSize(1);
	}

	@Test
	void unlinkWhenOneOfTwoThenRemovedAndItsProviderReturned() {
		UUID user = this.identities.signIn(google(uniqueAddress(), true)).userId();
		this.identities.link(user, apple(uniqueAddress(), true, false));
		UUID appleId = identityAt(user, "apple");

		assertThat(this.identities.unlink(user, appleId)).isEqualTo("apple");
		assertThat(this.identities.profile(user).orElseThrow().identities()).extracting(UserProfile.LinkedIdentity::provider)
			.containsExactly("google");
	}

	@Test
	void unlinkWhenTheLastIdentityThenRefusedAndKept() {
		UUID user = this.identities.signIn(google(uniqueAddress(), true)).userId();
		UUID only = identityAt(user, "google");

		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> this.identities.unlink(user, only))
			.extracting(ProblemException::errorCode)
			.isEqualTo(ErrorCode.LAST_IDENTITY);
		assertThat(this.identities.profile(user).orElseThrow().identities()).hasSize(1);
	}

	@Test
	void unlinkWhenSomeoneElsesIdentityThenNotFoundAndKept() {
		UUID user = this.identities.signIn(google(uniqueAddress(), true)).userId();
		this.identities.link(user, apple(uniqueAddress(), true, false));
		UUID other = this.identities.signIn(google(uniqueAddress(), true)).userId();
		this.identities.link(other, apple(uniqueAddress(), true, false));
		UUID othersApple = identityAt(other, "apple");

		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> this.identities.unlink(user, othersApple))
			.extracting(ProblemException::errorCode)
			.isEqualTo(ErrorCode.IDENTITY_NOT_FOUND);
		assertThat(this.identities.profile(other).orElseThrow().identities()).hasSize(2);
	}

	@Test
	void replaceGroupsWhenNamesRepeatThenStoredOnceSortedAndReadBackAtOnce() {
		UUID user = this.identities.signIn(google(uniqueAddress(), true)).userId();
		this.identities.groups(user); // cached empty: a replacement must not be hidden by the cache

		assertThat(this.identities.replaceGroups(user, List.of("ops", "admins", "ops"))).containsExactly("admins", "ops");
		assertThat(this.identities.groups(user)).containsExactly("admins", "ops");
		assertThat(this.identities.replaceGroups(user, List.of("ops"))).containsExactly("ops");
		assertThat(this.identities.groups(user)).containsExactly("ops");
	}

	@Test
	void replaceGroupsWhenANameIsInvalidThenRefusedAndNothingChanges() {
		UUID user = this.identities.signIn(google(uniqueAddress(), true)).userId();
		this.identities.replaceGroups(user, List.of("ops"));

		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.identities.replaceGroups(user, List.of("admins", "Not A Group")))
			.extracting(ProblemException::errorCode)
			.isEqualTo(ErrorCode.INVALID_REQUEST);
		assertThat(this.identities.groups(user)).containsExactly("ops");
	}

	@Test
	void replaceGroupsWhenTheUserIsUnknownThenNotFound() {
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.identities.replaceGroups(UUID.randomUUID(), List.of("ops")))
			.extracting(ProblemException::errorCode)
			.isEqualTo(ErrorCode.NOT_FOUND);
	}

	private UUID identityAt(UUID user, String provider) {
		return this.identities.profile(user)
			.orElseThrow()
			.identities()
			.stream()
			.filter((identity) -> identity.provider().equals(provider))
			.findFirst()
			.orElseThrow()
			.id();
	}

	private static ExternalIdentity google(String email, boolean verified) {
		return new ExternalIdentity("google", "google-" + UUID.randomUUID(), email, verified, "Ada", "en");
	}

	private static ExternalIdentity apple(String email, boolean verified, boolean privateRelay) {
		return new ExternalIdentity("apple", "apple-" + UUID.randomUUID(), email, verified, null, null, privateRelay);
	}

	private static String uniqueAddress() {
		return "identity-" + UUID.randomUUID() + "@example.com";
	}
}
