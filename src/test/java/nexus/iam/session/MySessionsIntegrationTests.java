package nexus.iam.session;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/me/sessions}: where a user is signed in, and signing those places out. */
class MySessionsIntegrationTests extends IntegrationTest {

	private final TokenClient client = new TokenClient(baseUrl());

	@Autowired
	private SessionActivity activity;

	@Autowired
	private SessionCleanup cleanup;

	@Test
	void listShowsTheUsersLiveSessionsAndMarksTheCurrentOne() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens first = signIn(subject);
		Tokens second = signIn(subject);
		Tokens someoneElse = signIn("sessions-" + UUID.randomUUID());

		JsonNode sessions = TokenClient.json(get("/api/me/sessions", second.access())).get("sessions");

		assertThat(sessions).hasSize(2);
		List<String> ids = new ArrayList<>();
		sessions.forEach((session) -> ids.add(session.get("id").asString()));
		assertThat(ids).containsExactlyInAnyOrder(sid(first), sid(second)).doesNotContain(sid(someoneElse));
		for (JsonNode session : sessions) {
			assertThat(session.get("current").asBoolean()).isEqualTo(session.get("id").asString().equals(sid(second)));
			assertThat(session.get("provider").asString()).isEqualTo("google");
			assertThat(session.get("ip_address").asString()).isEqualTo("127.0.0.1");
			assertThat(session.has("created_at")).isTrue();
			assertThat(session.has("last_activity_at")).isTrue();
		}
	}

	@Test
	void listIsNewestActivityFirst() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens older = signIn(subject);
		this.clock.advance(Duration.ofMinutes(5));
		Tokens newer = signIn(subject);

		JsonNode sessions = TokenClient.json(get("/api/me/sessions", older.access())).get("sessions");

		assertThat(sessions.get(0).get("id").asString()).isEqualTo(sid(newer));
		assertThat(sessions.get(1).get("id").asString()).isEqualTo(sid(older));
	}

	@Test
	void deleteWhenOwnOtherSessionThenItsTokensStopWorkingAtOnce() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens a = signIn(subject);
		Tokens b = signIn(subject);

		HttpResponse<String> delete = delete("/api/me/sessions/" + sid(b), a.access());

		assertThat(delete.statusCode()).isEqualTo(204);
		HttpResponse<String> rejected = this.client.me(b.access());
		assertThat(rejected.statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(rejected).get("code").asString()).isEqualTo("token_revoked");
		assertThat(this.client.refresh(b.refresh()).statusCode()).as("B's refresh token").isEqualTo(401);
		assertThat(this.client.me(a.access()).statusCode()).as("the session that signed B out").isEqualTo(200);
		assertThat(TokenClient.json(get("/api/me/sessions", a.access())).get("sessions")).hasSize(1);
	}

	@Test
	void deleteWhenSomeoneElsesSessionThenNotFoundAndNothingChanges() {
		Tokens attacker = signIn("sessions-" + UUID.randomUUID());
		Tokens victim = signIn("sessions-" + UUID.randomUUID());

		HttpResponse<String> delete = delete("/api/me/sessions/" + sid(victim), attacker.access());

		assertThat(delete.statusCode()).isEqualTo(404);
		assertThat(TokenClient.json(delete).get("code").asString()).isEqualTo("session_not_found");
		assertThat(this.client.me(victim.access()).statusCode()).isEqualTo(200);
		assertThat(this.client.refresh(victim.refresh()).statusCode()).isEqualTo(200);
	}

	@Test
	void deleteWhenUnknownOrMalformedIdThenTheSameNotFound() {
		Tokens tokens = signIn("sessions-" + UUID.randomUUID());
		HttpResponse<String> unknown = delete("/api/me/sessions/" + UUID.randomUUID(), tokens.access());
		HttpResponse<String> malformed = delete("/api/me/sessions/not-a-uuid", tokens.access());

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(malformed.statusCode()).isEqualTo(404);
		assertThat(TokenClient.json(malformed).get("code").asString()).isEqualTo("session_not_found");
	}

	@Test
	void deleteWhenAlreadyRevokedThenNotFound() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens a = signIn(subject);
		Tokens b = signIn(subject);
		assertThat(delete("/api/me/sessions/" + sid(b), a.access()).statusCode()).isEqualTo(204);

		assertThat(delete("/api/me/sessions/" + sid(b), a.access()).statusCode()).isEqualTo(404);
	}

	@Test
	void deleteWhenByCookieWithoutCsrfTokenThenRefusedAndTheSessionLives() {
		String subject = "sessions-" + UUID.randomUUID();
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn(subject, "sessions@example.com").statusCode())
			.isEqualTo(302);
		Tokens other = signIn(subject);

		HttpResponse<String> delete = browser.send(url("/api/me/sessions/" + sid(other)), (r) -> r.DELETE());

		assertThat(delete.statusCode()).isEqualTo(403);
		assertThat(this.client.me(other.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void revokeAllWhenKeepCurrentThenOnlyTheOthersEnd() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens current = signIn(subject);
		Tokens other1 = signIn(subject);
		Tokens other2 = signIn(subject);

		HttpResponse<String> response = post("/api/me/sessions/revoke-all", current.access(),
				"{\"keep_current\": true}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(response).get("revoked_sessions").asInt()).isEqualTo(2);
		assertThat(this.client.me(current.access()).statusCode()).isEqualTo(200);
		assertThat(this.client.me(other1.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.me(other2.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.refresh(other1.refresh()).statusCode()).isEqualTo(401);
		assertThat(this.client.refresh(current.refresh()).statusCode()).isEqualTo(200);
	}

	@Test
	void revokeAllWithoutBodyThenEverySessionEndsIncludingTheCurrent() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens current = signIn(subject);
		Tokens other = signIn(subject);

		HttpResponse<String> response = post("/api/me/sessions/revoke-all", current.access(), null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(response).get("revoked_sessions").asInt()).isEqualTo(2);
		assertThat(this.client.me(current.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.me(other.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.refresh(current.refresh()).statusCode()).isEqualTo(401);
	}

	@Test
	void revokeAllWhenBodyHasAnUnknownOptionThenRefusedAndNothingEnds() {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens current = signIn(subject);
		Tokens other = signIn(subject);

		HttpResponse<String> misspelt = post("/api/me/sessions/revoke-all", current.access(), "{\"keep_curent\": true}");
		HttpResponse<String> notBoolean = post("/api/me/sessions/revoke-all", current.access(),
				"{\"keep_current\": \"yes\"}");

		assertThat(misspelt.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(misspelt).get("code").asString()).isEqualTo("invalid_request");
		assertThat(notBoolean.statusCode()).isEqualTo(400);
		assertThat(this.client.me(current.access()).statusCode()).isEqualTo(200);
		assertThat(this.client.me(other.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void activityIsRecordedAtMostOncePerIntervalAndOnlyWhenFlushed() throws Exception {
		Tokens tokens = signIn("sessions-" + UUID.randomUUID());
		this.activity.flush();
		Instant signedInAt = lastActivity(sid(tokens));

		this.clock.advance(Duration.ofMinutes(2));
		Instant before = this.clock.instant();
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
		Instant after = this.clock.instant();
		assertThat(lastActivity(sid(tokens))).as("not written on the request thread").isEqualTo(signedInAt);
		this.activity.flush();
		Instant firstUse = lastActivity(sid(tokens));
		assertThat(firstUse).isBetween(before.minusMillis(1), after.plusMillis(1));

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
		this.activity.flush();
		assertThat(lastActivity(sid(tokens))).as("within the interval").isEqualTo(firstUse);

		this.clock.advance(Duration.ofSeconds(40));
		before = this.clock.instant();
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
		after = this.clock.instant();
		this.activity.flush();
		assertThat(lastActivity(sid(tokens))).isBetween(before.minusMillis(1), after.plusMillis(1));
	}

	@Test
	void cleanupDeletesSessionsThatEndedBeforeTheRetentionAndKeepsTheRest() throws Exception {
		String subject = "sessions-" + UUID.randomUUID();
		Tokens ended = signIn(subject);
		Tokens live = signIn(subject);
		assertThat(delete("/api/me/sessions/" + sid(ended), live.access()).statusCode()).isEqualTo(204);

		this.clock.advance(Duration.ofDays(29));
		this.cleanup.run();
		assertThat(sessionRows(sid(ended))).as("within the retention").isEqualTo(1);

		this.clock.advance(Duration.ofDays(2));
		this.cleanup.run();
		assertThat(sessionRows(sid(ended))).isZero();
		assertThat(refreshTokenRows(sid(ended))).isZero();
		assertThat(sessionRows(sid(live))).isEqualTo(1);
	}

	@Test
	void cleanupIndexesAreBuiltAndValid() throws Exception {
		// V10 builds these CONCURRENTLY, outside a transaction: a build that failed half-way would
		// leave an index that exists but is never used; a deleted refresh token would then scan
		// all of user_sessions again
		try (Connection db = TestDatabase.connect()) {
			for (String index : List.of("user_sessions_refresh_token_id_idx", "revocations_value_idx")) {
				assertThat(Sql.count(db, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
						+ " WHERE c.relname = ? AND i.indisvalid AND i.indisready", index)).as(index).isEqualTo(1);
			}
		}
	}

	@Test
	void sessionEndpointsRequireSignIn() {
		assertThat(new Browser().get(url("/api/me/sessions")).statusCode()).isEqualTo(401);
	}

	private Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, "sessions@example.com");
	}

	private static String sid(Tokens tokens) {
		return tokens.sessionId();
	}

	private static HttpResponse<String> get(String path, String bearer) {
		return TokenClient.get(url(path), bearer);
	}

	private static HttpResponse<String> delete(String path, String bearer) {
		return TokenClient.delete(url(path), bearer);
	}

	private static HttpResponse<String> post(String path, String bearer, String json) {
		return TokenClient.post(url(path), bearer, json);
	}

	private static Instant lastActivity(String sessionId) throws Exception {
		try (Connection db = TestDatabase.connect();
				var statement = db.prepareStatement("SELECT last_activity_at FROM user_sessions WHERE id = ?::uuid")) {
			statement.setString(1, sessionId);
			try (var rs = statement.executeQuery()) {
				rs.next();
				Timestamp at = rs.getTimestamp(1);
				return at.toInstant();
			}
		}
	}

	private static long sessionRows(String sessionId) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id = ?::uuid", sessionId);
		}
	}

	private static long refreshTokenRows(String sessionId) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM refresh_tokens WHERE session_id = ?::uuid", sessionId);
		}
	}
}
