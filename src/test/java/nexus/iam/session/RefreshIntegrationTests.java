package nexus.iam.session;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/auth/refresh}: rotation, the grace window, reuse detection and every refusal. */
class RefreshIntegrationTests extends IntegrationTest {

	private final TokenClient client = new TokenClient(baseUrl());

	@Test
	void refreshWhenChainOf100ThenEveryTokenIsNewAndEveryOldOneSpent() throws Exception {
		Tokens first = signIn("chain@example.com");
		Tokens current = first;
		Set<String> seen = new HashSet<>(List.of(first.refresh()));
		for (int i = 0; i < 100; i++) {
			HttpResponse<String> response = this.client.refresh(current.refresh());
			assertThat(response.statusCode()).as("refresh %d", i).isEqualTo(200);
			current = Tokens.of(response);
			assertThat(seen.add(current.refresh())).as("refresh %d gave a fresh token", i).isTrue();
		}
		assertThat(this.client.me(current.access()).statusCode()).isEqualTo(200);
		UUID sessionId = sessionOf(current.access());
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM refresh_tokens WHERE session_id = ?", sessionId)).isEqualTo(101);
			assertThat(Sql.count(db, "SELECT count(*) FROM refresh_tokens WHERE session_id = ? AND rotated_at IS NULL",
					sessionId))
				.as("only the newest is unspent")
				.isEqualTo(1);
		}

		// any spent token, once the grace window is over, is a replay
		this.clock.advance(Duration.ofSeconds(11));
		assertProblem(this.client.refresh(first.refresh()), "refresh_token_reused");
	}

	@Test
	void refreshWhenTokenReusedAfterGraceThenSessionRevokedAndOtherSessionsUntouched() throws Exception {
		String email = "reuse-" + UUID.randomUUID() + "@example.com";
		String subject = "google-" + UUID.randomUUID();
		Tokens stolen = signIn(subject, email);
		Tokens otherDevice = signIn(subject, email);
		Tokens newest = Tokens.of(this.client.refresh(stolen.refresh()));

		this.clock.advance(Duration.ofSeconds(11));
		HttpResponse<String> replay = this.client.refresh(stolen.refresh());

		assertProblem(replay, "refresh_token_reused");
		assertProblem(this.client.refresh(newest.refresh()), "refresh_token_revoked");
		HttpResponse<String> me = this.client.me(newest.access());
		assertThat(me.statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(me).get("code").asString()).isEqualTo("token_revoked");
		assertThat(this.client.me(otherDevice.access()).statusCode()).as("the other session").isEqualTo(200);
		assertThat(this.client.refresh(otherDevice.refresh()).statusCode()).isEqualTo(200);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'refresh_token_reuse' AND session_id = ?",
					sessionOf(newest.access())))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id = ? AND revoked_reason = 'refresh_token_reuse'",
					sessionOf(newest.access())))
				.isEqualTo(1);
		}
	}

	@Test
	void refreshWhenRetriedInsideGraceThenSameSuccessorPair() throws Exception {
		Tokens original = signIn("grace@example.com");
		Tokens first = Tokens.of(this.client.refresh(original.refresh()));
		this.clock.advance(Duration.ofSeconds(5));

		Tokens again = Tokens.of(this.client.refresh(original.refresh()));

		assertThat(again.refresh()).isEqualTo(first.refresh());
		assertThat(SignedJWT.parse(again.access()).getJWTClaimsSet().getClaims())
			.isEqualTo(SignedJWT.parse(first.access()).getJWTClaimsSet().getClaims());
		assertThat(this.client.refresh(first.refresh()).statusCode()).as("the successor still works").isEqualTo(200);
	}

	@Test
	void refreshWhen32ConcurrentRequestsWithOneTokenThenOneSuccessor() throws Exception {
		Tokens original = signIn("race@example.com");
		int threads = 32;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int i = 0; i < threads; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.client.refresh(original.refresh());
				}));
			}
			start.countDown();
			Set<String> successors = new HashSet<>();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				assertThat(response.statusCode()).isIn(200, 401);
				if (response.statusCode() == 200) {
					successors.add(Tokens.of(response).refresh());
				}
			}
			assertThat(successors).hasSize(1);
		}
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM refresh_tokens WHERE parent_id ="
					+ " (SELECT id FROM refresh_tokens WHERE token_hash = sha256(convert_to(?, 'UTF8'))::bytea)",
					original.refresh()))
				.isEqualTo(1);
		}
	}

	@Test
	void refreshWhenBrowserCookieThenNewCookiesAndNoTokensInBody() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "cookie@example.com");
		String oldRefresh = browser.cookies().get("nexus_refresh");

		HttpResponse<String> response = browser.send(url("/api/auth/refresh"),
				(r) -> r.POST(HttpRequest.BodyPublishers.noBody()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.body()).doesNotContain("access_token", "refresh_token").contains("\"expires_in\"");
		assertThat(browser.cookies().get("nexus_refresh")).isNotEqualTo(oldRefresh);
		assertThat(browser.get(url("/api/me")).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshWhenFormBodyThenTokenResponse() {
		Tokens tokens = signIn("form@example.com");
		HttpResponse<String> response = new Browser().send(url("/api/auth/refresh"),
				(r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(TokenClient.form("refresh_token", tokens.refresh()))));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(response).get("token_type").asString()).isEqualTo("Bearer");
		assertThat(TokenClient.json(response).get("expires_in").asInt()).isBetween(898, 900);
	}

	@Test
	void refreshWhenExpiredThenRefusedAndNothingRotated() throws Exception {
		Tokens tokens = signIn("expired@example.com");
		this.clock.advance(Duration.ofDays(8));
		assertProblem(this.client.refresh(tokens.refresh()), "refresh_token_expired");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM refresh_tokens WHERE session_id = ?", sessionOf(tokens.access())))
				.isEqualTo(1);
		}
	}

	@Test
	void refreshWhenSessionPastItsMaximumLifetimeThenSessionExpired() {
		Tokens tokens = signIn("old-session@example.com");
		this.clock.advance(Duration.ofDays(31));
		assertProblem(this.client.refresh(tokens.refresh()), "session_expired");
	}

	@Test
	void refreshWhenUnknownMalformedOrMissingThenDistinctCodesAndNothingWritten() throws Exception {
		long auditBefore;
		try (Connection db = TestDatabase.connect()) {
			auditBefore = Sql.count(db, "SELECT count(*) FROM audit_events");
		}
		assertProblem(this.client.refresh("A".repeat(43)), "refresh_token_invalid");
		assertProblem(this.client.refresh("not-a-token"), "refresh_token_invalid");
		assertProblem(new Browser().send(url("/api/auth/refresh"), (r) -> r.POST(HttpRequest.BodyPublishers.noBody())),
				"refresh_token_missing");
		HttpResponse<String> badJson = new Browser().send(url("/api/auth/refresh"),
				(r) -> r.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{nope")));
		assertThat(badJson.statusCode()).isEqualTo(400);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events")).isEqualTo(auditBefore);
		}
	}

	@Test
	void refreshWhenTokenInTheUrlThenRefusedAndNotSpent() {
		Tokens tokens = signIn("url@example.com");
		HttpResponse<String> response = new Browser().send(
				url("/api/auth/refresh?" + TokenClient.form("refresh_token", tokens.refresh())),
				(r) -> r.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo("invalid_request");
		assertThat(this.client.refresh(tokens.refresh()).statusCode()).as("still unspent").isEqualTo(200);
	}

	@Test
	void refreshWhenSignedOutThenRevoked() {
		Tokens tokens = signIn("logout@example.com");
		HttpResponse<String> logout = new Browser().send(url("/api/auth/logout"),
				(r) -> r.header("Authorization", "Bearer " + tokens.access()).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.statusCode()).isEqualTo(204);
		assertProblem(this.client.refresh(tokens.refresh()), "refresh_token_revoked");
	}

	private Tokens signIn(String email) {
		return signIn("google-" + UUID.randomUUID(), email);
	}

	private Tokens signIn(String subject, String email) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, email);
	}

	static void assertProblem(HttpResponse<String> response, String code) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo(code);
	}

	static UUID sessionOf(String accessToken) throws Exception {
		return UUID.fromString(SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid"));
	}

}
