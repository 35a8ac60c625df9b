package nexus.iam.session;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a session ends by an action tells the {@link SessionEndListener}s, inside its
 * transaction. Seen through the back-channel listener: a session that signed in to an application
 * with a back-channel logout URI gets an outbox row the moment it ends, whichever path ended it.
 * (The paths over HTTP that the back-channel tests cover end to end are here too, so that this one
 * class fails when any path stops telling the listeners.)
 */
class SessionEndListenerIntegrationTests extends IntegrationTest {

	private final TokenClient client = new TokenClient(baseUrl());

	@Autowired
	private SessionApplications applications;

	@Autowired
	private SessionService sessions;

	@Test
	void signOutTellsTheListeners() throws Exception {
		Tokens tokens = signedInToAnApplication(signIn());
		TokenClient.post(url("/api/auth/logout"), tokens.access(), null);
		assertToldOf(tokens, "sign_out");
	}

	@Test
	void remoteSignOutTellsTheListeners() throws Exception {
		String subject = "ends-" + UUID.randomUUID();
		Tokens here = signIn(subject);
		Tokens there = signedInToAnApplication(signIn(subject));
		TokenClient.delete(url("/api/me/sessions/" + there.sessionId()), here.access());
		assertToldOf(there, "remote_sign_out");
	}

	@Test
	void signOutEverywhereElseTellsTheListeners() throws Exception {
		String subject = "ends-" + UUID.randomUUID();
		Tokens here = signIn(subject);
		Tokens there = signedInToAnApplication(signIn(subject));
		TokenClient.post(url("/api/me/sessions/revoke-all"), here.access(), "{\"keep_current\": true}");
		assertToldOf(there, "sign_out_everywhere");
	}

	@Test
	void rfc7009RevocationOfARefreshTokenTellsTheListeners() throws Exception {
		Tokens tokens = signedInToAnApplication(signIn());
		assertThat(this.client.revoke(TokenClient.form("token", tokens.refresh())).statusCode()).isEqualTo(200);
		assertToldOf(tokens, "token_revocation");
	}

	@Test
	void refreshTokenReuseTellsTheListeners() throws Exception {
		Tokens tokens = signedInToAnApplication(signIn());
		this.client.refresh(tokens.refresh());
		this.clock.advance(Duration.ofSeconds(11));
		this.client.refresh(tokens.refresh());
		assertToldOf(tokens, "refresh_token_reuse");
	}

	@Test
	void adminRevokeAllTellsTheListeners() throws Exception {
		Tokens tokens = signedInToAnApplication(signIn());
		TokenClient.post(url("/api/admin/users/" + tokens.userId() + "/revoke-all"), ADMIN_TOKEN, null);
		assertToldOf(tokens, "security_event");
	}

	@Test
	void unlinkingTheSignInMethodTellsTheListeners() throws Exception {
		Tokens tokens = signedInToAnApplication(signIn());
		UUID identityId;
		try (Connection db = TestDatabase.connect(); var statement = db
			.prepareStatement("SELECT identity_id FROM user_sessions WHERE id = ?::uuid")) {
			statement.setString(1, tokens.sessionId());
			try (var rows = statement.executeQuery()) {
				rows.next();
				identityId = rows.getObject(1, UUID.class);
			}
		}

		this.sessions.revokeSignedInWith(UUID.fromString(tokens.userId()), identityId, "google",
				new ClientContext("127.0.0.1", "test"));

		assertToldOf(tokens, "identity_unlinked");
	}

	@Test
	void theSessionLimitTellsTheListenersOfTheSessionItEnds() throws Exception {
		Tokens oldest = signedInToAnApplication(signIn());
		UUID userId = UUID.fromString(oldest.userId());
		SessionOrigin origin = new SessionOrigin(new ClientContext("127.0.0.1", "test"), "desktop", "Firefox 140",
				"Linux", null, null);
		List<UUID> started = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			this.clock.advance(Duration.ofSeconds(1)); // the oldest stays the least recently used
			started.add(this.sessions.start(userId, null, "google", List.of("pwd"), origin).id());
		}

		assertThat(started).hasSize(50);
		assertToldOf(oldest, "session_limit");
	}

	private Tokens signIn() {
		return signIn("ends-" + UUID.randomUUID());
	}

	private Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, "ends@example.com");
	}

	private Tokens signedInToAnApplication(Tokens tokens) {
		assertThat(this.applications.signedIn(UUID.fromString(tokens.sessionId()), LOGOUT_RP_A)).isTrue();
		return tokens;
	}

	private static void assertToldOf(Tokens tokens, String reason) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE kind = 'backchannel_logout' "
					+ "AND payload ->> 'session_id' = ? AND payload ->> 'client_id' = ? AND payload ->> 'reason' = ?",
					tokens.sessionId(), LOGOUT_RP_A, reason))
				.as("a back-channel logout queued for the session ended by " + reason)
				.isEqualTo(1);
		}
	}
}
