package nexus.iam.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.TcpProxy;
import nexus.iam.testsupport.TestRedis;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits: shared across nodes through Redis, per node when Redis is away. */
class RateLimitIntegrationTests extends IntegrationTest {

	/** A key space of their own, so that these buckets meet no other test's. */
	private static final String PREFIX = TestRedis.prefix("rate-limits");

	@Test
	void twoNodesSharingRedisTogetherAllowExactlyTheLimit() {
		TestRedis.deleteAll(PREFIX);
		Map<String, String> settings = tight(TestRedis.URL);
		try (Node first = Node.start(settings); Node second = Node.start(settings)) {
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				Node node = (i % 2 == 0) ? first : second;
				// an encoded path is the same endpoint, and the same bucket
				String path = (i % 3 == 0) ? "/api/auth/google/%6cogin" : "/api/auth/google/login";
				statuses.add(new Browser().get(node.url(path)).statusCode());
			}
			assertThat(statuses.stream().filter((s) -> s == 302).count()).as("allowed across both nodes").isEqualTo(6);
			HttpResponse<String> limited = new Browser().get(second.url("/api/auth/google/login"));
			assertThat(limited.statusCode()).isEqualTo(429);
			assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 60L);
			assertThat(TokenClient.json(limited).get("code").asString()).isEqualTo("rate_limited");
			// passkey: its public endpoints share the sign-in bucket of the address
			for (String passkey : List.of("/api/auth/passkey/options", "/api/auth/passkey")) {
				HttpResponse<String> refused = new Browser().send(first.url(passkey),
						(r) -> r.header("Content-Type", "application/json")
							.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
				assertThat(refused.statusCode()).as(passkey).isEqualTo(429);
			}
			// the OpenID Provider's chain has the same edge: its authorization request is a sign-in too
			assertThat(new Browser().get(first.url("/oauth2/authorize?response_type=code&client_id=x")).statusCode())
				.as("/oauth2/authorize")
				.isEqualTo(429);
			// and its client-authenticated endpoints share the token bucket (3 here): a secret cannot be guessed at speed
			List<Integer> tokenStatuses = new ArrayList<>();
			for (String endpoint : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/oauth2/token")) {
				tokenStatuses.add(new Browser().send(second.url(endpoint),
						(r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
							.header("Authorization", "Basic " + java.util.Base64.getEncoder()
								.encodeToString((CONFIDENTIAL_CLIENT_ID + ":wrong-secret").getBytes()))
							.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&token=x")))
					.statusCode());
			}
			assertThat(tokenStatuses).as("wrong secrets, then refused before the secret is checked")
				.containsExactly(401, 401, 401, 429);
			assertThat(new Browser().get(first.url("/.well-known/jwks.json")).statusCode()).as("other endpoints")
				.isEqualTo(200);
		}
	}

	@Test
	void redisUnreachableThenEachNodeLimitsOnItsOwn() {
		try (TcpProxy link = new TcpProxy(TestRedis.HOST, TestRedis.PORT)) {
			link.cut();
			try (Node node = Node.start(tight("redis://localhost:" + link.port() + "/0"))) {
				assertThat(node.bean(nexus.iam.revocation.RevocationService.class).degraded())
					.as("started without Redis: degraded, not failed")
					.isTrue();
				List<Integer> statuses = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					statuses.add(new Browser().get(node.url("/api/auth/google/login")).statusCode());
				}
				assertThat(statuses.subList(0, 6)).as("no request fails for want of Redis").containsOnly(302);
				assertThat(statuses.subList(6, 8)).containsOnly(429);
			}
		}
	}

	private static Map<String, String> tight(String redis) {
		Map<String, String> settings = nodeSettings();
		settings.put("nexus.redis.url", redis);
		settings.put("nexus.redis.key-prefix", PREFIX);
		settings.put("nexus.rate-limit.sign-in", "6/1m");
		settings.put("nexus.rate-limit.token", "3/1m");
		return settings;
	}
}
