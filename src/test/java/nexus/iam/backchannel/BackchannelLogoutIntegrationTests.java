package nexus.iam.backchannel;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.SessionApplications;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestBackchannelReceiver;
import nexus.iam.testsupport.TestBackchannelReceiver.Received;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect Back-Channel Logout 1.0 end to end: a session that signed in to applications
 * with back-channel logout URIs ends, by each of the ways a session ends over HTTP, and every such
 * application receives a logout token it can verify with Nexus's published keys.
 */
class BackchannelLogoutIntegrationTests extends IntegrationTest {

	private static final TestBackchannelReceiver RECEIVER = TestBackchannelReceiver.get();

	private final TokenClient client = new TokenClient(baseUrl());

	@Autowired
	private SessionApplications applications;

	@Autowired
	private MeterRegistry meters;

	@Test
	void signOutWhenSessionSignedInToApplicationsThenEachWithABackchannelUriGetsAValidLogoutToken() throws Exception {
		Tokens tokens = signIn();
		signedInTo(tokens, LOGOUT_RP_A, LOGOUT_RP_B, CONFIDENTIAL_CLIENT_ID);

		assertThat(TokenClient.post(url("/api/auth/logout"), tokens.access(), null).statusCode()).isEqualTo(204);

		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_A, tokens), LOGOUT_RP_A, tokens);
		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_B, tokens), LOGOUT_RP_B, tokens);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE kind = 'backchannel_logout' "
					+ "AND payload ->> 'session_id' = ?", tokens.sessionId()))
				.as("one row per application with a back-channel URI; none for the client without one")
				.isEqualTo(2);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'backchannel_logout_delivered' "
					+ "AND session_id = ?", UUID.fromString(tokens.sessionId())))
				.isEqualTo(2);
		}
	}

	@Test
	void signOutWhenSessionSignedInToNoApplicationThenNothingIsSent() throws Exception {
		Tokens tokens = signIn();

		TokenClient.post(url("/api/auth/logout"), tokens.access(), null);

		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE kind = 'backchannel_logout' "
					+ "AND payload ->> 'session_id' = ?", tokens.sessionId()))
				.isZero();
		}
	}

	@Test
	void remoteSignOutThenTheEndedSessionsApplicationsAreTold() throws Exception {
		String subject = "bc-" + UUID.randomUUID();
		Tokens here = signIn(subject);
		Tokens there = signIn(subject);
		signedInTo(there, LOGOUT_RP_A);
		signedInTo(here, LOGOUT_RP_B);

		assertThat(TokenClient.delete(url("/api/me/sessions/" + there.sessionId()), here.access()).statusCode())
			.isEqualTo(204);

		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_A, there), LOGOUT_RP_A, there);
		assertThat(RECEIVER.received(forSession(here))).as("the session that stays signed in").isEmpty();
	}

	@Test
	void signOutEverywhereThenEverySessionsApplicationsAreTold() throws Exception {
		String subject = "bc-" + UUID.randomUUID();
		Tokens first = signIn(subject);
		Tokens second = signIn(subject);
		signedInTo(first, LOGOUT_RP_A);
		signedInTo(second, LOGOUT_RP_A, LOGOUT_RP_B);

		HttpResponse<String> response = TokenClient.post(url("/api/me/sessions/revoke-all"), first.access(), null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_A, first), LOGOUT_RP_A, first);
		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_A, second), LOGOUT_RP_A, second);
		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_B, second), LOGOUT_RP_B, second);
	}

	@Test
	void refreshTokenReuseThenTheRevokedSessionsApplicationsAreTold() throws Exception {
		Tokens stolen = signIn();
		signedInTo(stolen, LOGOUT_RP_A);
		assertThat(this.client.refresh(stolen.refresh()).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(11));

		assertThat(this.client.refresh(stolen.refresh()).statusCode()).as("the replay").isEqualTo(401);

		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_A, stolen), LOGOUT_RP_A, stolen);
	}

	@Test
	void adminRevokeAllThenEverySessionsApplicationsAreTold() throws Exception {
		String subject = "bc-" + UUID.randomUUID();
		Tokens first = signIn(subject);
		Tokens second = signIn(subject);
		signedInTo(first, LOGOUT_RP_A);
		signedInTo(second, LOGOUT_RP_B);

		HttpResponse<String> response = TokenClient.post(url("/api/admin/users/" + first.userId() + "/revoke-all"),
				ADMIN_TOKEN, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_A, first), LOGOUT_RP_A, first);
		assertValidLogoutToken(awaitOne(TestBackchannelReceiver.RP_B, second), LOGOUT_RP_B, second);
	}

	@Test
	void deliveryWhenTheApplicationAnswers500ThenRetriedAfterTheBackOffAndDelivered() throws Exception {
		Tokens tokens = signIn();
		signedInTo(tokens, LOGOUT_RP_A);
		double retriedBefore = count(LOGOUT_RP_A, "retried");
		RECEIVER.answerNext(TestBackchannelReceiver.RP_A, 500, 1);

		TokenClient.post(url("/api/auth/logout"), tokens.access(), null);

		assertThat(RECEIVER.await(at(TestBackchannelReceiver.RP_A).and(forSession(tokens)), 1)).singleElement()
			.extracting(Received::answered)
			.isEqualTo(500);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE kind = 'backchannel_logout' "
					+ "AND payload ->> 'session_id' = ? AND status = 'pending' AND attempts = 1 AND last_error = 'HTTP 500'",
					tokens.sessionId()))
				.as("due again after the back-off")
				.isEqualTo(1);
		}
		assertThat(count(LOGOUT_RP_A, "retried")).isEqualTo(retriedBefore + 1);
		this.clock.advance(Duration.ofSeconds(6)); // past the first back-off (5 s)

		List<Received> both = RECEIVER.await(at(TestBackchannelReceiver.RP_A).and(forSession(tokens)), 2);

		assertThat(both).extracting(Received::answered).containsExactly(500, 200);
		assertValidLogoutToken(both.get(1), LOGOUT_RP_A, tokens);
		assertThat(jti(both.get(0))).as("each attempt a token of its own").isNotEqualTo(jti(both.get(1)));
	}

	private Tokens signIn() {
		return signIn("bc-" + UUID.randomUUID());
	}

	private Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, "bc@example.com");
	}

	private void signedInTo(Tokens tokens, String... clientIds) {
		for (String clientId : clientIds) {
			assertThat(this.applications.signedIn(UUID.fromString(tokens.sessionId()), clientId)).isTrue();
		}
	}

	private double count(String clientId, String outcome) {
		var counter = this.meters.find("oidc.backchannel.logout").tag("client", clientId).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static Received awaitOne(String path, Tokens tokens) {
		List<Received> received = RECEIVER.await(at(path).and(forSession(tokens)), 1);
		assertThat(received).as("logout tokens at " + path + " for " + tokens.sessionId()).hasSize(1);
		return received.getFirst();
	}

	private static Predicate<Received> at(String path) {
		return (received) -> received.path().equals(path);
	}

	private static Predicate<Received> forSession(Tokens tokens) {
		return (received) -> {
			try {
				return received.logoutToken() != null
						&& tokens.sessionId().equals(SignedJWT.parse(received.logoutToken()).getJWTClaimsSet().getStringClaim("sid"));
			}
			catch (java.text.ParseException ex) {
				return false;
			}
		};
	}

	private static String jti(Received received) throws Exception {
		return SignedJWT.parse(received.logoutToken()).getJWTClaimsSet().getJWTID();
	}

	/** What an application checks (Back-Channel Logout 1.0, §2.6), with the keys Nexus publishes. */
	static void assertValidLogoutToken(Received received, String clientId, Tokens tokens) throws Exception {
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.contentType()).startsWith("application/x-www-form-urlencoded");
		SignedJWT jwt = SignedJWT.parse(received.logoutToken());
		JWKSet published = JWKSet.load(URI.create(url("/.well-known/jwks.json")).toURL());
		ECKey key = (ECKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(key).as("signed with a published key").isNotNull();
		assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(baseUrl());
		assertThat(claims.getAudience()).containsExactly(clientId);
		assertThat(claims.getSubject()).isEqualTo(tokens.userId());
		assertThat(claims.getStringClaim("sid")).isEqualTo(tokens.sessionId());
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getJSONObjectClaim("events"))
			.isEqualTo(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
		assertThat(claims.getClaims()).doesNotContainKey("nonce");
		Instant issuedAt = claims.getIssueTime().toInstant();
		assertThat(Duration.between(issuedAt, claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(2));
	}
}
