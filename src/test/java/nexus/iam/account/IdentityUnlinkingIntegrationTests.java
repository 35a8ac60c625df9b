package nexus.iam.account;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unlinking a sign-in method ends the sessions that were signed in with it, and only those:
 * over HTTP, through the API and the account page. Two identities of the same provider tell
 * "signed in with this identity" apart from "signed in with this provider".
 */
class IdentityUnlinkingIntegrationTests extends IntegrationTest {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

	private final TokenClient client = new TokenClient(baseUrl());

	@Test
	void unlinkEndsTheSessionsSignedInWithThatIdentityAndKeepsTheOthers() throws Exception {
		Account account = accountWithTwoGoogleIdentities();
		Tokens a = Tokens.of(account.browserA());
		Tokens alsoA = Tokens.of(googleSignIn(account.subjectA()));
		Tokens b = Tokens.of(googleSignIn(account.subjectB()));

		HttpResponse<String> unlinked = unlink(b.access(), identityId(b.access(), account.subjectA()));

		assertThat(unlinked.statusCode()).isEqualTo(200);
		assertThat(unlinked.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(TokenClient.json(unlinked).get("revoked_sessions").asInt()).isEqualTo(2);
		assertThat(TokenClient.json(unlinked).get("current_session_revoked").asBoolean()).isFalse();
		assertThat(Browser.setCookies(unlinked)).as("the caller stays signed in").isEmpty();
		for (Tokens ofA : new Tokens[] { a, alsoA }) {
			HttpResponse<String> rejected = this.client.me(ofA.access());
			assertThat(rejected.statusCode()).isEqualTo(401);
			assertThat(TokenClient.json(rejected).get("code").asString()).isEqualTo("token_revoked");
			HttpResponse<String> refresh = this.client.refresh(ofA.refresh());
			assertThat(refresh.statusCode()).isEqualTo(401);
			assertThat(TokenClient.json(refresh).get("code").asString()).isEqualTo("refresh_token_revoked");
		}
		assertThat(this.client.me(b.access()).statusCode()).as("B's session").isEqualTo(200);
		assertThat(this.client.refresh(b.refresh()).statusCode()).isEqualTo(200);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id IN (?::uuid, ?::uuid)"
					+ " AND revoked_reason = 'identity_unlinked'", sid(a), sid(alsoA))).isEqualTo(2);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'session_revoked'"
					+ " AND session_id = ?::uuid AND details->>'reason' = 'identity_unlinked'", sid(a))).isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'identity_unlinked'"
					+ " AND user_id = ?::uuid AND (details->>'sessions_revoked')::int = 2", account.userId()))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE user_id = ?::uuid AND kind = ?",
					account.userId(), "identity_unlinked"))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE user_id = ?::uuid AND kind = ?",
					account.userId(), "all_sessions_signed_out"))
				.as("one e-mail, the unlink's")
				.isZero();
		}
	}

	@Test
	void unlinkWhenTheCallersOwnSessionWasSignedInWithItThenThatSessionEndsAndItsCookiesAreCleared() {
		Account account = accountWithTwoGoogleIdentities();
		Browser browser = account.browserA();
		Tokens own = Tokens.of(browser);
		Tokens b = Tokens.of(googleSignIn(account.subjectB()));

		HttpResponse<String> unlinked = unlinkWithCookies(browser, identityId(own.access(), account.subjectA()));

		assertThat(unlinked.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(unlinked).get("current_session_revoked").asBoolean()).isTrue();
		assertThat(TokenClient.json(unlinked).get("revoked_sessions").asInt()).isEqualTo(1);
		assertThat(browser.cookies()).as("cleared as by a sign-out").doesNotContainKeys("nexus_access", "nexus_refresh");
		HttpResponse<String> rejected = this.client.me(own.access());
		assertThat(rejected.statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(rejected).get("code").asString()).isEqualTo("token_revoked");
		assertThat(this.client.refresh(own.refresh()).statusCode()).isEqualTo(401);
		assertThat(this.client.me(b.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void unlinkWhenASessionPredatesTheRecordedIdentityThenItEndsIfItCameFromThatProvider() throws Exception {
		Account account = accountWithTwoGoogleIdentities();
		Tokens legacyGoogle = Tokens.of(account.browserA());
		HttpResponse<String> linked = link(account.browserA(), "dev", account.email());
		assertThat(linked.statusCode()).isEqualTo(302);
		Tokens legacyDev = Tokens.of(devSignIn(account.email()));
		Tokens b = Tokens.of(googleSignIn(account.subjectB()));
		try (Connection db = TestDatabase.connect();
				PreparedStatement forget = db
					.prepareStatement("UPDATE user_sessions SET identity_id = NULL WHERE id IN (?::uuid, ?::uuid)")) {
			forget.setString(1, sid(legacyGoogle));
			forget.setString(2, sid(legacyDev));
			assertThat(forget.executeUpdate()).isEqualTo(2);
		}

		HttpResponse<String> unlinked = unlink(b.access(), identityId(b.access(), account.subjectA()));

		assertThat(TokenClient.json(unlinked).get("revoked_sessions").asInt()).isEqualTo(1);
		assertThat(this.client.me(legacyGoogle.access()).statusCode()).as("same provider: ended").isEqualTo(401);
		assertThat(this.client.me(legacyDev.access()).statusCode()).as("another provider: kept").isEqualTo(200);
		assertThat(this.client.me(b.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void unlinkWhenSomeoneElsesIdentityThenNotFoundAndNoSessionEnds() {
		Account victim = accountWithTwoGoogleIdentities();
		Tokens victimTokens = Tokens.of(victim.browserA());
		Tokens attacker = Tokens.of(googleSignIn("unlink-" + UUID.randomUUID()));

		HttpResponse<String> response = unlink(attacker.access(),
				identityId(victimTokens.access(), victim.subjectA()));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo("identity_not_found");
		assertThat(this.client.me(victimTokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void aSignInThatRacesTheUnlinkOfItsIdentityGetsNoSessionOnTheAccount() throws Exception {
		Account account = accountWithTwoGoogleIdentities();
		TestOidcProvider.get().nextSignIn(account.subjectA(), account.email());
		Browser racer = new Browser();
		String callback = new SignInFlow(racer, baseUrl()).startAndAuthorize("");
		String identityA = identityId(Tokens.of(account.browserA()).access(), account.subjectA());

		HttpResponse<String> signedIn;
		try (Connection unlinking = TestDatabase.connect()) {
			// an unlink caught between deleting the identity and committing
			unlinking.setAutoCommit(false);
			try (PreparedStatement delete = unlinking
				.prepareStatement("DELETE FROM user_identities WHERE id = ?::uuid")) {
				delete.setString(1, identityA);
				assertThat(delete.executeUpdate()).isEqualTo(1);
			}
			CompletableFuture<HttpResponse<String>> signIn = CompletableFuture.supplyAsync(() -> racer.get(callback));
			awaitLockWait();
			unlinking.commit();
			signedIn = signIn.get(20, TimeUnit.SECONDS);
		}

		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(userId(Tokens.of(racer).access())).as("the identity is no longer the account's")
			.isNotEqualTo(account.userId());
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id = ?::uuid AND identity_id = ?::uuid",
					sid(Tokens.of(racer)), identityA))
				.as("not a session of the removed identity")
				.isZero();
		}
	}

	@Test
	void unlinkFormWhenThisSessionWasSignedInWithItThenSignedOutAndHome() {
		Account account = accountWithTwoGoogleIdentities();
		Browser browser = account.browserA();
		Tokens own = Tokens.of(browser);
		HttpResponse<String> page = browser.get(url("/account"));
		assertThat(page.body()).contains("id=\"unlink-hint\"");

		HttpResponse<String> response = postForm(browser,
				"/account/identities/" + identityId(own.access(), account.subjectA()) + "/unlink",
				"csrf_token=" + csrfToken(page.body()));

		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(Browser.location(response)).isEqualTo(url("/"));
		assertThat(browser.cookies()).doesNotContainKeys("nexus_access", "nexus_refresh");
		assertThat(this.client.me(own.access()).statusCode()).isEqualTo(401);
	}

	@Test
	void unlinkFormWhenOtherSessionsWereSignedInWithItThenTheyEndAndThePageSaysSo() {
		Account account = accountWithTwoGoogleIdentities();
		Browser browser = account.browserA();
		Tokens b = Tokens.of(googleSignIn(account.subjectB()));
		HttpResponse<String> page = browser.get(url("/account"));

		HttpResponse<String> response = postForm(browser,
				"/account/identities/" + identityId(b.access(), account.subjectB()) + "/unlink",
				"csrf_token=" + csrfToken(page.body()));

		assertThat(Browser.location(response)).isEqualTo(url("/account?notice=unlinked-signed-out"));
		assertThat(this.client.me(b.access()).statusCode()).isEqualTo(401);
		HttpResponse<String> after = browser.get(Browser.location(response));
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.body()).contains("the sessions signed in with it were signed out")
			.contains("A session signed in with a removed sign-in method was signed out");
	}

	/**
	 * A user signed in with Google subject A in {@code browserA}, who has linked a second Google
	 * subject B.
	 */
	private Account accountWithTwoGoogleIdentities() {
		String email = "unlink-" + UUID.randomUUID() + "@example.com";
		String subjectA = "unlink-a-" + UUID.randomUUID();
		String subjectB = "unlink-b-" + UUID.randomUUID();
		Browser browserA = googleSignIn(subjectA, email);
		TestOidcProvider.get().nextSignIn(subjectB, "b-" + email);
		HttpResponse<String> linked = link(browserA, "google", null);
		assertThat(linked.statusCode()).isEqualTo(302);
		String userId = userId(Tokens.of(browserA).access());
		return new Account(userId, email, subjectA, subjectB, browserA);
	}

	private record Account(String userId, String email, String subjectA, String subjectB, Browser browserA) {
	}

	private Browser googleSignIn(String subject) {
		return googleSignIn(subject, "unlink@example.com");
	}

	private Browser googleSignIn(String subject, String email) {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn(subject, email).statusCode()).isEqualTo(302);
		return browser;
	}

	/** The development provider signs in whoever the hint names. */
	private static Browser devSignIn(String email) {
		Browser browser = new Browser();
		HttpResponse<String> login = browser.get(url("/api/auth/dev/login?login_hint=" + email));
		HttpResponse<String> callback = browser.get(Browser.location(browser.get(Browser.location(login))));
		assertThat(callback.statusCode()).isEqualTo(302);
		return browser;
	}

	/** The link flow in this browser's session, through the provider and back. */
	private static HttpResponse<String> link(Browser account, String provider, String loginHint) {
		String csrf = TokenClient.json(account.get(url("/api/auth/csrf"))).get("token").asString();
		String body = "{\"provider\":\"" + provider + "\""
				+ ((loginHint != null) ? ",\"login_hint\":\"" + loginHint + "\"" : "") + "}";
		HttpResponse<String> started = account.send(url("/api/me/identities"),
				(r) -> r.header("Content-Type", "application/json")
					.header("X-CSRF-Token", csrf)
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(started.statusCode()).isEqualTo(200);
		HttpResponse<String> authorize = account.get(TokenClient.json(started).get("authorization_url").asString());
		return account.get(Browser.location(authorize));
	}

	private static HttpResponse<String> unlink(String bearer, String identityId) {
		return new Browser().send(url("/api/me/identities/" + identityId),
				(r) -> r.header("Authorization", "Bearer " + bearer).DELETE());
	}

	private static HttpResponse<String> unlinkWithCookies(Browser browser, String identityId) {
		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
		return browser.send(url("/api/me/identities/" + identityId), (r) -> r.header("X-CSRF-Token", csrf).DELETE());
	}

	/** The id of the user's identity with this subject's address (each test's subjects have their own). */
	private static String identityId(String bearer, String subject) {
		JsonNode identities = TokenClient.json(new Browser().send(url("/api/me/identities"),
				(r) -> r.header("Authorization", "Bearer " + bearer))).get("identities");
		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db
					.prepareStatement("SELECT id::text FROM user_identities WHERE provider = 'google' AND subject = ?")) {
			query.setString(1, subject);
			try (var rs = query.executeQuery()) {
				assertThat(rs.next()).as("identity " + subject).isTrue();
				String id = rs.getString(1);
				assertThat(identities.valueStream().map((identity) -> identity.get("id").asString()))
					.as("listed for the caller")
					.contains(id);
				return id;
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String userId(String bearer) {
		HttpResponse<String> me = TokenClient.me(baseUrl(), bearer);
		assertThat(me.statusCode()).isEqualTo(200);
		return TokenClient.json(me).get("id").asString();
	}

	/** Until a statement of the service waits for a row lock in the test database. */
	private static void awaitLockWait() throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		try (Connection db = TestDatabase.connect()) {
			while (Sql.count(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
					+ " AND wait_event_type = 'Lock'") == 0) {
				assertThat(Instant.now()).as("a sign-in waiting on the identity's row").isBefore(deadline);
				Thread.sleep(20);
			}
		}
	}

	private static HttpResponse<String> postForm(Browser browser, String path, String form) {
		return browser.send(url(path), (r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", baseUrl())
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static String csrfToken(String html) {
		Matcher matcher = CSRF_FIELD.matcher(html);
		assertThat(matcher.find()).as("the page's form carries the CSRF token").isTrue();
		return matcher.group(1);
	}

	private static String sid(Tokens tokens) {
		return tokens.sessionId();
	}
}
