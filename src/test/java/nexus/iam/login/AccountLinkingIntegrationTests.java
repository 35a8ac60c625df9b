package nexus.iam.login;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several identities per user: the link flow, unlinking, and the merge flow with its defences
 * against pre-account takeover. "google" is the test provider; "dev" is the second provider.
 */
class AccountLinkingIntegrationTests extends IntegrationTest {

	@Test
	void linkThenBothIdentitiesSignInToTheSameUserAndUnlinkingOneKeepsTheOther() {
		String email = "link-" + UUID.randomUUID() + "@example.com";
		Browser browser = googleSignIn("g-" + UUID.randomUUID(), email);
		String userId = userId(browser);

		HttpResponse<String> linked = link(browser, "dev", "dev-" + email);

		assertThat(linked.statusCode()).isEqualTo(302);
		assertThat(Browser.location(linked)).isEqualTo(url("/account?notice=linked"));
		List<String> providers = providers(browser);
		assertThat(providers).containsExactlyInAnyOrder("google", "dev");
		Browser viaDev = devSignIn("dev-" + email);
		assertThat(userId(viaDev)).as("the linked identity signs in to the same user").isEqualTo(userId);

		String devIdentity = identityId(browser, "dev");
		assertThat(delete(browser, "/api/me/identities/" + devIdentity).statusCode()).isEqualTo(200);
		assertThat(providers(browser)).containsExactly("google");
		String googleIdentity = identityId(browser, "google");
		HttpResponse<String> last = delete(browser, "/api/me/identities/" + googleIdentity);
		assertThat(last.statusCode()).isEqualTo(409);
		assertThat(TokenClient.json(last).get("code").asString()).isEqualTo("last_identity");
		assertThat(providers(browser)).containsExactly("google");
	}

	@Test
	void linkingAnIdentityThatBelongsToSomeoneElseIsRefusedAndChangesNothing() {
		String otherEmail = "owner-" + UUID.randomUUID() + "@example.com";
		Browser owner = devSignIn(otherEmail);
		Browser browser = googleSignIn("g-" + UUID.randomUUID(), "linker-" + UUID.randomUUID() + "@example.com");

		HttpResponse<String> refused = link(browser, "dev", otherEmail);

		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(TokenClient.json(refused).get("code").asString()).isEqualTo("identity_already_linked");
		assertThat(providers(browser)).containsExactly("google");
		assertThat(providers(owner)).containsExactly("dev");
		assertThat(userId(devSignIn(otherEmail))).isEqualTo(userId(owner));
	}

	@Test
	void unlinkingSomeoneElsesIdentityIsNotFound() {
		Browser victim = googleSignIn("g-" + UUID.randomUUID(), "victim-" + UUID.randomUUID() + "@example.com");
		Browser attacker = googleSignIn("g-" + UUID.randomUUID(), "attacker-" + UUID.randomUUID() + "@example.com");

		HttpResponse<String> response = delete(attacker, "/api/me/identities/" + identityId(victim, "google"));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo("identity_not_found");
	}

	@Test
	void aLinkFlowFinishedInABrowserWithoutTheStartingSessionLinksNothing() {
		Browser browser = googleSignIn("g-" + UUID.randomUUID(), "bound-" + UUID.randomUUID() + "@example.com");
		HttpResponse<String> started = startLink(browser, "dev", "bound-dev-" + UUID.randomUUID() + "@example.com");
		String authorizationUrl = TokenClient.json(started).get("authorization_url").asString();
		Browser thief = new Browser();
		thief.cookies().put("nexus_login", browser.cookies().get("nexus_login"));

		HttpResponse<String> callback = thief.get(Browser.location(thief.get(authorizationUrl)));

		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(callback).get("code").asString()).isEqualTo("link_not_allowed");
		assertThat(providers(browser)).containsExactly("google");
	}

	@Test
	void mergeFlowAsksForTheExistingAccountFirstAndLinksOnlyAfterThatSignIn() {
		String email = "merge-" + UUID.randomUUID() + "@example.com";
		String googleSubject = "g-" + UUID.randomUUID();
		Browser existing = googleSignIn(googleSubject, email);
		String userId = userId(existing);

		Browser browser = new Browser();
		HttpResponse<String> devCallback = devSignInResponse(browser, email);

		assertThat(Browser.location(devCallback)).isEqualTo(url("/link-account"));
		assertThat(browser.cookies()).as("nobody is signed in").doesNotContainKey("nexus_access");
		HttpResponse<String> page = browser.get(url("/link-account"));
		assertThat(page.body()).contains(email).contains("/api/auth/google/login?return_to=%2Faccount");
		assertThat(providers(existing)).as("nothing linked yet").containsExactly("google");

		TestOidcProvider.get().nextSignIn(googleSubject, email);
		HttpResponse<String> signedIn = browser.get(new SignInFlow(browser, baseUrl()).startAndAuthorize(""));

		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(userId(browser)).isEqualTo(userId);
		assertThat(providers(browser)).containsExactlyInAnyOrder("google", "dev");
		assertThat(userId(devSignIn(email))).isEqualTo(userId);
	}

	@Test
	void mergeFlowLinksNothingWhenTheFreshSignInIsToAnotherAccount() {
		String email = "merge-other-" + UUID.randomUUID() + "@example.com";
		Browser existing = googleSignIn("g-" + UUID.randomUUID(), email);
		Browser browser = new Browser();
		assertThat(Browser.location(devSignInResponse(browser, email))).isEqualTo(url("/link-account"));

		TestOidcProvider.get().nextSignIn("g-" + UUID.randomUUID(), "someone-else-" + UUID.randomUUID() + "@example.com");
		browser.get(new SignInFlow(browser, baseUrl()).startAndAuthorize(""));

		assertThat(userId(browser)).isNotEqualTo(userId(existing));
		assertThat(providers(browser)).containsExactly("google");
		assertThat(providers(existing)).containsExactly("google");
	}

	@Test
	void anUnverifiedAddressNeverReachesTheVictimsAccountBeforeTheVictimSignsIn() {
		String email = "victim-" + UUID.randomUUID() + "@example.com";
		TestOidcProvider.get().nextSignIn("attacker-" + UUID.randomUUID(), email, Map.of("email_verified", false));
		Browser attacker = new Browser();
		attacker.get(new SignInFlow(attacker, baseUrl()).startAndAuthorize(""));
		String attackerUser = userId(attacker);

		Browser victim = devSignIn(email);

		assertThat(userId(victim)).as("the victim gets an account of their own").isNotEqualTo(attackerUser);
		assertThat(providers(victim)).containsExactly("dev");
		assertThat(providers(attacker)).containsExactly("google");
	}

	@Test
	void anUnverifiedAddressNeverReachesTheVictimsAccountAfterTheVictimSignedIn() {
		String email = "victim-" + UUID.randomUUID() + "@example.com";
		Browser victim = devSignIn(email);

		TestOidcProvider.get().nextSignIn("attacker-" + UUID.randomUUID(), email, Map.of("email_verified", false));
		Browser attacker = new Browser();
		HttpResponse<String> callback = attacker.get(new SignInFlow(attacker, baseUrl()).startAndAuthorize(""));

		assertThat(Browser.location(callback)).as("no merge offer for an unverified address").isEqualTo(url("/"));
		assertThat(userId(attacker)).isNotEqualTo(userId(victim));
		assertThat(providers(victim)).containsExactly("dev");
	}

	@Test
	void linkingTheDevelopmentProviderWithoutAnAddressIsRefusedBeforeTheBrowserLeaves() {
		Browser browser = googleSignIn("g-" + UUID.randomUUID(), "nohint-" + UUID.randomUUID() + "@example.com");
		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();

		HttpResponse<String> refused = browser.send(url("/api/me/identities"),
				(r) -> r.header("Content-Type", "application/json")
					.header("X-CSRF-Token", csrf)
					.POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"dev\"}")));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(refused).get("code").asString()).isEqualTo("invalid_request");
		assertThat(browser.cookies()).as("no sign-in state started").doesNotContainKey("nexus_login");
	}

	@Test
	void aLinkTheProviderRefusesComesBackToTheAccountPageForAPersonAndAsAProblemForAnApiClient() {
		Browser browser = googleSignIn("g-" + UUID.randomUUID(), "refused-" + UUID.randomUUID() + "@example.com");
		for (String accept : new String[] { "text/html,application/xhtml+xml,*/*;q=0.8", "application/json" }) {
			HttpResponse<String> started = startLink(browser, "google", "refused-link@example.com");
			// the provider answers with an ID token for another audience: the link is refused
			TestOidcProvider.get().nextSignIn("g-" + UUID.randomUUID(), "refused-link@example.com",
					Map.of("aud", "another-client"));
			HttpResponse<String> authorize = browser.get(TokenClient.json(started).get("authorization_url").asString());
			HttpResponse<String> callback = browser.send(Browser.location(authorize), (r) -> r.header("Accept", accept).GET());

			if (accept.startsWith("text/html")) {
				assertThat(callback.statusCode()).isEqualTo(302);
				assertThat(Browser.location(callback)).endsWith("/account?notice=link-refused");
			}
			else {
				assertThat(callback.statusCode()).isEqualTo(400);
				assertThat(TokenClient.json(callback).get("code").asString()).isEqualTo("invalid_id_token");
			}
		}
		assertThat(providers(browser)).containsExactly("google");
		TestOidcProvider.get().nextSignIn("default-subject", "default@example.com");
	}

	private Browser googleSignIn(String subject, String email) {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn(subject, email).statusCode()).isEqualTo(302);
		return browser;
	}

	private Browser devSignIn(String email) {
		Browser browser = new Browser();
		HttpResponse<String> callback = devSignInResponse(browser, email);
		assertThat(callback.statusCode()).isEqualTo(302);
		assertThat(browser.cookies()).containsKey("nexus_access");
		return browser;
	}

	/** Login redirect, the development provider (which signs in whoever the hint names), then the callback. */
	private static HttpResponse<String> devSignInResponse(Browser browser, String email) {
		HttpResponse<String> login = browser.get(url("/api/auth/dev/login?login_hint=" + email));
		HttpResponse<String> authorize = browser.get(Browser.location(login));
		return browser.get(Browser.location(authorize));
	}

	private HttpResponse<String> link(Browser browser, String provider, String loginHint) {
		HttpResponse<String> started = startLink(browser, provider, loginHint);
		assertThat(started.statusCode()).isEqualTo(200);
		HttpResponse<String> authorize = browser.get(TokenClient.json(started).get("authorization_url").asString());
		return browser.get(Browser.location(authorize));
	}

	private static HttpResponse<String> startLink(Browser browser, String provider, String loginHint) {
		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
		return browser.send(url("/api/me/identities"), (r) -> r.header("Content-Type", "application/json")
			.header("X-CSRF-Token", csrf)
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"provider\":\"" + provider + "\",\"login_hint\":\"" + loginHint + "\"}")));
	}

	private static HttpResponse<String> delete(Browser browser, String path) {
		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
		return browser.send(url(path), (r) -> r.header("X-CSRF-Token", csrf).DELETE());
	}

	private static String userId(Browser browser) {
		HttpResponse<String> me = browser.get(url("/api/me"));
		assertThat(me.statusCode()).isEqualTo(200);
		return TokenClient.json(me).get("id").asString();
	}

	private static List<String> providers(Browser browser) {
		List<String> providers = new ArrayList<>();
		JsonNode identities = TokenClient.json(browser.get(url("/api/me/identities"))).get("identities");
		identities.forEach((identity) -> providers.add(identity.get("provider").asString()));
		return providers;
	}

	private static String identityId(Browser browser, String provider) {
		JsonNode identities = TokenClient.json(browser.get(url("/api/me/identities"))).get("identities");
		for (JsonNode identity : identities) {
			if (identity.get("provider").asString().equals(provider)) {
				return identity.get("id").asString();
			}
		}
		throw new AssertionError("no " + provider + " identity");
	}
}
