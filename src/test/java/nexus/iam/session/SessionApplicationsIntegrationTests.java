package nexus.iam.session;

import java.time.Duration;
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

/** Which applications a session signed in to: recorded cheaply, only for live sessions, shown in the sessions list. */
class SessionApplicationsIntegrationTests extends IntegrationTest {

	@Autowired
	private SessionApplications applications;

	@Autowired
	private SessionCleanup cleanup;

	@Test
	void signedInWhenLiveSessionThenRecordedOnceFirstSignInFirst() {
		UUID session = UUID.fromString(signIn().sessionId());

		assertThat(this.applications.signedIn(session, "gitea")).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.applications.signedIn(session, "grafana")).isTrue();
		assertThat(this.applications.signedIn(session, "gitea")).as("again: an update, not a second row").isTrue();

		assertThat(this.applications.of(session)).containsExactly("gitea", "grafana");
	}

	@Test
	void signedInWhenSessionEndedOrUnknownThenNothingRecorded() {
		Tokens tokens = signIn();
		UUID session = UUID.fromString(tokens.sessionId());
		TokenClient.post(url("/api/me/sessions/revoke-all"), tokens.access(), null);

		assertThat(this.applications.signedIn(session, "gitea")).isFalse();
		assertThat(this.applications.signedIn(UUID.randomUUID(), "gitea")).isFalse();
		assertThat(this.applications.of(session)).isEmpty();
	}

	@Test
	void ofWhenManySessionsThenEachWithItsOwn() {
		UUID first = UUID.fromString(signIn().sessionId());
		UUID second = UUID.fromString(signIn().sessionId());
		UUID none = UUID.fromString(signIn().sessionId());
		this.applications.signedIn(first, "gitea");
		this.applications.signedIn(second, "grafana");

		Map<UUID, List<String>> of = this.applications.of(List.of(first, second, none));

		assertThat(of).containsOnlyKeys(first, second);
		assertThat(of.get(first)).containsExactly("gitea");
		assertThat(of.get(second)).containsExactly("grafana");
	}

	@Test
	void sessionsListShowsTheApplicationsEachSessionSignedInTo() {
		String subject = "apps-" + UUID.randomUUID();
		Tokens withApps = signIn(subject);
		Tokens without = signIn(subject);
		this.applications.signedIn(UUID.fromString(withApps.sessionId()), LOGOUT_RP_A);
		this.clock.advance(Duration.ofSeconds(1));
		this.applications.signedIn(UUID.fromString(withApps.sessionId()), "an-unknown-client");

		JsonNode sessions = TokenClient.json(TokenClient.get(url("/api/me/sessions"), without.access())).get("sessions");

		for (JsonNode session : sessions) {
			JsonNode apps = session.get("applications");
			if (session.get("id").asString().equals(withApps.sessionId())) {
				assertThat(apps).hasSize(2);
				assertThat(apps.get(0).get("client_id").asString()).isEqualTo(LOGOUT_RP_A);
				assertThat(apps.get(0).get("name").asString()).as("the client's display name").isEqualTo("Logout RP A");
				assertThat(apps.get(1).get("client_id").asString()).isEqualTo("an-unknown-client");
				assertThat(apps.get(1).get("name").asString()).as("a client that no longer exists: its id")
					.isEqualTo("an-unknown-client");
			}
			else {
				assertThat(apps).isEmpty();
			}
		}
	}

	@Test
	void cleanUpWhenTheEndedSessionIsDeletedThenItsApplicationsGoWithIt() {
		Tokens tokens = signIn();
		UUID session = UUID.fromString(tokens.sessionId());
		this.applications.signedIn(session, LOGOUT_RP_A);
		TokenClient.post(url("/api/auth/logout"), tokens.access(), null);
		assertThat(this.applications.of(session)).as("kept while the ended session is").containsExactly(LOGOUT_RP_A);

		this.clock.advance(Duration.ofDays(31)); // past nexus.session.retention
		this.cleanup.run();

		assertThat(this.applications.of(session)).isEmpty();
	}

	private Tokens signIn() {
		return signIn("apps-" + UUID.randomUUID());
	}

	private Tokens signIn(String subject) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn(subject, "apps@example.com");
	}
}
