package nexus.iam.audit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail: {@code GET /api/me/events} shows a user their own security events, and
 * retention deletes what is older than it, batch by batch.
 */
class AuditLogIntegrationTests extends IntegrationTest {

	private final TokenClient client = new TokenClient(baseUrl());

	@Autowired
	private AuditLog audit;

	@Test
	void eventsListTheUsersOwnSecurityEventsNewestFirst() {
		String subject = "events-" + UUID.randomUUID();
		Tokens a = signIn(subject);
		Tokens b = signIn(subject);
		this.client.refresh(a.refresh());
		signIn("events-" + UUID.randomUUID());
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(TokenClient.delete(url("/api/me/sessions/" + b.sessionId()), a.access()).statusCode())
			.isEqualTo(204);

		JsonNode events = TokenClient.json(get("/api/me/events", a.access())).get("events");

		// the refresh is routine: recorded, but not shown to the user
		assertThat(types(events)).containsExactly("session_revoked", "sign_in", "sign_in", "user_created");
		assertThat(events.get(0).get("session_id").asString()).isEqualTo(b.sessionId());
		assertThat(events.get(0).get("details").get("reason").asString()).isEqualTo("remote_sign_out");
		assertThat(events.get(0).get("ip_address").asString()).isEqualTo("127.0.0.1");
	}

	@Test
	void eventsWhenLimitIsOutOfRangeThenBadRequest() {
		Tokens tokens = signIn("events-" + UUID.randomUUID());
		assertThat(get("/api/me/events?limit=0", tokens.access()).statusCode()).isEqualTo(400);
		assertThat(get("/api/me/events?limit=101", tokens.access()).statusCode()).isEqualTo(400);
		assertThat(get("/api/me/events?limit=x", tokens.access()).statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(get("/api/me/events?limit=1", tokens.access())).get("events")).hasSize(1);
	}

	@Test
	void eventsRequireSignIn() {
		assertThat(new Browser().get(url("/api/me/events")).statusCode()).isEqualTo(401);
	}

	@Test
	void recentForUserShowsOnlyThatUsersEventsAndLeavesRoutineOnesOut() {
		UUID user = UUID.randomUUID();
		record(AuditEventType.SIGN_IN, user);
		record(AuditEventType.TOKEN_REFRESHED, user);
		record(AuditEventType.SIGN_IN, UUID.randomUUID());
		this.clock.advance(Duration.ofSeconds(1));
		record(AuditEventType.SIGN_OUT, user);

		List<RecordedEvent> events = this.audit.recentForUser(user, 10);

		assertThat(events).extracting(RecordedEvent::type)
			.containsExactly(AuditEventType.SIGN_OUT.value(), AuditEventType.SIGN_IN.value());
		assertThat(events.getFirst().details()).containsEntry("via", "test");
	}

	@Test
	void deleteExpiredRemovesEventsOlderThanTheRetentionInBatchesAndKeepsTheRest() {
		UUID user = UUID.randomUUID();
		this.clock.advance(Duration.ofDays(-400));
		for (int i = 0; i < 5; i++) {
			record(AuditEventType.SIGN_IN, user);
		}
		this.clock.reset();
		record(AuditEventType.SIGN_OUT, user);

		int deleted = this.audit.deleteExpired(Duration.ofDays(365), 2);

		assertThat(deleted).as("five of this test, in batches of two, and any older of others").isGreaterThanOrEqualTo(5);
		assertThat(this.audit.recentForUser(user, 10)).extracting(RecordedEvent::type)
			.containsExactly(AuditEventType.SIGN_OUT.value());
	}

	private void record(AuditEventType type, UUID user) {
		this.audit.record(new AuditEvent(type, user, null, "192.0.2.1", "tests", Map.of("via", "test")));
	}

	private static List<String> types(JsonNode events) {
		List<String> types = new ArrayList<>();
		events.forEach((event) -> types.add(event.get("type").asString()));
		return types;
	}

	private Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, "events@example.com");
	}

	private static HttpResponse<String> get(String path, String bearer) {
		return TokenClient.get(url(path), bearer);
	}
}
