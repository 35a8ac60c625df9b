package nexus.iam.revocation;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TcpProxy;
import nexus.iam.testsupport.TestRedis;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation end to end: RFC 7009, sign-out, the administration API, and the deny-list's
 * promises: every node enforces a revocation at once, and losing Redis (flushed or unreachable)
 * never makes a revoked token valid again.
 */
class RevocationIntegrationTests extends IntegrationTest {

	private final TokenClient client = new TokenClient(baseUrl());

	@Test
	void revokeWhenAccessTokenThenItAloneIsRejected() {
		Tokens tokens = signIn();
		Tokens sameSessionNext = Tokens.of(this.client.refresh(tokens.refresh()));

		HttpResponse<String> revoke = this.client.revoke(TokenClient.form("token", tokens.access()));

		assertThat(revoke.statusCode()).isEqualTo(200);
		assertRevoked(baseUrl(), tokens.access());
		assertThat(this.client.me(sameSessionNext.access()).statusCode()).as("another token of the session")
			.isEqualTo(200);
	}

	@Test
	void revokeWhenRefreshTokenThenTheWholeSessionEnds() {
		Tokens tokens = signIn();
		HttpResponse<String> revoke = this.client
			.revoke(TokenClient.form("token", tokens.refresh()) + "&token_type_hint=refresh_token");

		assertThat(revoke.statusCode()).isEqualTo(200);
		assertRevoked(baseUrl(), tokens.access());
		assertThat(this.client.refresh(tokens.refresh()).statusCode()).isEqualTo(401);
	}

	@Test
	void revokeWhenHintIsWrongThenStillRevoked() {
		Tokens tokens = signIn();
		this.client.revoke(TokenClient.form("token", tokens.access()) + "&token_type_hint=refresh_token");
		assertRevoked(baseUrl(), tokens.access());
	}

	@Test
	void revokeWhenRepeatedThenRecordedOnce() throws Exception {
		Tokens tokens = signIn();
		String jti = jti(tokens.access());
		for (int i = 0; i < 5; i++) {
			assertThat(this.client.revoke(TokenClient.form("token", tokens.access())).statusCode()).isEqualTo(200);
		}
		try (java.sql.Connection db = nexus.iam.testsupport.TestDatabase.connect()) {
			assertThat(nexus.iam.testsupport.Sql.count(db, "SELECT count(*) FROM revocations WHERE value = ?", jti))
				.isEqualTo(1);
			assertThat(nexus.iam.testsupport.Sql.count(db,
					"SELECT count(*) FROM audit_events WHERE type = 'access_token_revoked' AND details->>'jti' = ?", jti))
				.isEqualTo(1);
		}
		assertRevoked(baseUrl(), tokens.access());
	}

	@Test
	void revokeWhenUnknownTokenThenOk() {
		assertThat(this.client.revoke(TokenClient.form("token", "B".repeat(43))).statusCode()).isEqualTo(200);
		assertThat(this.client.revoke(TokenClient.form("token", "eyJhbGciOiJub25lIn0.e30.")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void revokeWhenBodyMalformedThenInvalidRequestProblem() {
		for (HttpResponse<String> response : new HttpResponse[] { this.client.revoke("token_type_hint=access_token"),
				this.client.revoke("token="),
				new Browser().send(url("/api/auth/revoke"), (r) -> r.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"x\"}"))) }) {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(TokenClient.json(response).get("code").asString()).isEqualTo("invalid_request");
			assertThat(TokenClient.json(response).get("error").asString()).isEqualTo("invalid_request");
		}
	}

	@Test
	void revokeWhenTokenInTheUrlThenRefusedAndNotRevoked() {
		Tokens tokens = signIn();
		// %74 is "t": a check on the raw parameter name would miss it
		HttpResponse<String> response = new Browser().send(
				url("/api/auth/revoke?%74oken=" + java.net.URLEncoder.encode(tokens.access(), java.nio.charset.StandardCharsets.UTF_8)),
				(r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void adminRevokeAllWhenUserIdIsNotAUuidThenBadRequestWithoutEcho() {
		HttpResponse<String> response = post(url("/api/admin/users/%3Cscript%3E/revoke-all"), ADMIN_TOKEN);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(response).get("code").asString()).isEqualTo("bad_request");
		assertThat(TokenClient.json(response).get("detail").asString()).doesNotContain("script", "UUID", "convert");
	}

	@Test
	void logoutWhenBrowserThenCookiesClearedAndSessionEnded() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "bye@example.com");
		Tokens tokens = Tokens.of(browser);

		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
		HttpResponse<String> logout = browser.send(url("/api/auth/logout"),
				(r) -> r.header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()));

		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(Browser.setCookies(logout)).anySatisfy((c) -> assertThat(c).startsWith("nexus_access=;"))
			.anySatisfy((c) -> assertThat(c).startsWith("nexus_refresh=;"));
		assertRevoked(baseUrl(), tokens.access());
		assertThat(this.client.refresh(tokens.refresh()).statusCode()).isEqualTo(401);
	}

	@Test
	void adminRevokeAllWhenServiceTokenThenEveryTokenOfTheUserDies() throws Exception {
		String subject = "google-" + UUID.randomUUID();
		Tokens laptop = signIn(subject);
		Tokens phone = signIn(subject);
		String userId = SignedJWT.parse(laptop.access()).getJWTClaimsSet().getSubject();
		String path = url("/api/admin/users/" + userId + "/revoke-all");

		assertThat(post(path, null).statusCode()).isEqualTo(401);
		assertThat(post(path, "wrong-token").statusCode()).isEqualTo(401);
		assertThat(post(path, laptop.access()).statusCode()).as("a user's access token is no admin token")
			.isEqualTo(401);
		assertThat(this.client.me(laptop.access()).statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = post(path, ADMIN_TOKEN);

		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(revoked).get("revoked_sessions").asInt()).isEqualTo(2);
		assertRevoked(baseUrl(), laptop.access());
		assertRevoked(baseUrl(), phone.access());
		assertThat(this.client.refresh(phone.refresh()).statusCode()).isEqualTo(401);
		Tokens again = signIn(subject);
		assertThat(this.client.me(again.access()).statusCode()).as("signing in again works").isEqualTo(200);
	}

	@Test
	void redisEmptiedAfterRevocationThenStillRejectedAndRedisRebuiltFromPostgres() {
		Tokens tokens = signIn();
		this.client.revoke(TokenClient.form("token", tokens.access()));
		String jti = jti(tokens.access());
		try (RedisClient redis = RedisClient.create(TestRedis.URL);
				StatefulRedisConnection<String, String> connection = redis.connect()) {
			assertThat(connection.sync().exists(TestRedis.PREFIX + "revoked:jwt:" + jti)).isEqualTo(1);

			// what a FLUSHALL would do to this run's keys, leaving everyone else's alone
			assertThat(TestRedis.deleteAll(TestRedis.PREFIX)).isPositive();

			assertRevoked(baseUrl(), tokens.access());
			awaitTrue(Duration.ofSeconds(5), () -> connection.sync().exists(TestRedis.PREFIX + "revoked:jwt:" + jti) == 1);
			// the marker is written last, after every entry: it may lag the entry by a moment
			awaitTrue(Duration.ofSeconds(5), () -> connection.sync().exists(TestRedis.PREFIX + "revoked:loaded") == 1);
		}
		assertRevoked(baseUrl(), tokens.access());
	}

	@Test
	void revokeOnOneNodeThenEnforcedOnAnotherWithinOneSecond() {
		try (Node other = Node.start(nodeSettings())) {
			Tokens tokens = signIn();
			assertThat(TokenClient.me(other.url(""), tokens.access()).statusCode()).isEqualTo(200);

			long start = System.nanoTime();
			this.client.revoke(TokenClient.form("token", tokens.access()));
			awaitTrue(Duration.ofSeconds(1), () -> TokenClient.me(other.url(""), tokens.access()).statusCode() == 401);
			System.out.printf("revocation reached the second node in %d ms%n",
					Duration.ofNanos(System.nanoTime() - start).toMillis());
			assertRevoked(other.url(""), tokens.access());
		}
	}

	@Test
	void redisUnreachableThenNodeKeepsServingAndLearnsRevocationsFromPostgres() {
		Tokens revokedBefore = signIn();
		this.client.revoke(TokenClient.form("token", revokedBefore.access()));
		try (TcpProxy redisLink = new TcpProxy(TestRedis.HOST, TestRedis.PORT);
				Node cut = Node.start(withRedisPort(redisLink.port()))) {
			RevocationService revocations = cut.bean(RevocationService.class);
			assertThat(revocations.degraded()).isFalse();
			Tokens live = signIn();
			Tokens revokedDuring = signIn();

			redisLink.cut();
			awaitTrue(Duration.ofSeconds(5), revocations::degraded);

			assertThat(TokenClient.me(cut.url(""), live.access()).statusCode()).as("still serving").isEqualTo(200);
			assertRevoked(cut.url(""), revokedBefore.access());
			this.client.revoke(TokenClient.form("token", revokedDuring.access()));
			awaitTrue(Duration.ofSeconds(5),
					() -> TokenClient.me(cut.url(""), revokedDuring.access()).statusCode() == 401);
			assertRevoked(cut.url(""), revokedDuring.access());

			redisLink.restore();
			awaitTrue(Duration.ofSeconds(10), () -> !revocations.degraded());
			assertThat(TokenClient.me(cut.url(""), live.access()).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void cacheFullThenEntriesLeftOutOfMemoryStillRefuseTheirTokens() {
		Tokens revokedBefore = signIn();
		this.client.revoke(TokenClient.form("token", revokedBefore.access()));
		Map<String, String> settings = nodeSettings();
		// room for one entry: two revocations overflow it
		settings.put("nexus.revocation.max-cached-entries", "1");
		try (Node small = Node.start(settings)) {
			Tokens live = signIn();
			Tokens revokedAfter = signIn();
			this.client.revoke(TokenClient.form("token", revokedAfter.access()));

			assertRevoked(small.url(""), revokedBefore.access());
			awaitTrue(Duration.ofSeconds(5), () -> TokenClient.me(small.url(""), revokedAfter.access()).statusCode() == 401);
			assertRevoked(small.url(""), revokedAfter.access());
			assertThat(TokenClient.me(small.url(""), live.access()).statusCode()).as("still serving").isEqualTo(200);
			HttpResponse<String> readiness = new Browser().get(small.managementUrl("/health/readiness"));
			assertThat(TokenClient.json(readiness).at("/components/revocation/details/overflowed").asBoolean()).isTrue();
			assertThat(TokenClient.json(readiness).at("/components/revocation/details/entries").asInt()).isEqualTo(1);
		}
	}

	@Test
	void readinessReportsTheRevocationBus() {
		HttpResponse<String> readiness = new Browser().get(managementUrl("/health/readiness"));
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(readiness).at("/components/revocation/details/bus").asString()).isEqualTo("redis");
		assertThat(TokenClient.json(readiness).at("/components/revocation/details/degraded").asBoolean()).isFalse();
	}

	private static Map<String, String> withRedisPort(int port) {
		Map<String, String> settings = nodeSettings();
		settings.put("nexus.redis.url", "redis://localhost:" + port + "/0");
		return settings;
	}

	private Tokens signIn() {
		return signIn("google-" + UUID.randomUUID());
	}

	private Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, "revocation@example.com");
	}

	private static HttpResponse<String> post(String url, String bearer) {
		return new Browser().send(url, (r) -> {
			if (bearer != null) {
				r.header("Authorization", "Bearer " + bearer);
			}
			return r.POST(HttpRequest.BodyPublishers.noBody());
		});
	}

	private static void assertRevoked(String baseUrl, String accessToken) {
		HttpResponse<String> me = TokenClient.me(baseUrl, accessToken);
		assertThat(me.statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(me).get("code").asString()).isEqualTo("token_revoked");
	}

	private static String jti(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet().getJWTID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static void awaitTrue(Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not true within " + timeout);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}
}
