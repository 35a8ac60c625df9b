package nexus.iam.notification;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nexus.iam.notification.Mails.Received;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TestSmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security e-mails end to end: written in the caller's transaction, delivered by the application's
 * own dispatcher to a real SMTP server (GreenMail), and kept while that server is down. Each test
 * looks only at the notice it queued (by kind, and by subject among the received e-mails), so that
 * notices the sign-in itself may queue do not disturb it.
 */
class SecurityNotificationsIntegrationTests extends IntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final SignInFacts FACTS = new SignInFacts("Desktop", "Firefox 128", "Ubuntu 24.04", "203.0.113.7",
			"Berlin, Germany", Instant.parse("2025-03-14T09:26:00Z"), "google");

	@Autowired
	private SecurityNotifications notifications;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void newDeviceSignInWhenCommittedThenTextAndHtmlEmailArrives() throws Exception {
		String address = Mails.uniqueAddress("new-device");
		UUID user = signIn(address, "en");

		inTransaction(() -> this.notifications.newDeviceSignIn(user, FACTS));

		Received mail = awaitOneMailTo(address, "New sign-in to your Nexus account");
		assertThat(mail.contentType()).startsWith("multipart/alternative");
		assertThat(((InternetAddress) mail.message().getFrom()[0]).getAddress()).isEqualTo("security@nexus.test");
		assertThat(((InternetAddress) mail.message().getRecipients(jakarta.mail.Message.RecipientType.TO)[0])
			.getPersonal()).isEqualTo("Test User");
		assertThat(mail.message().getHeader("Auto-Submitted")).containsExactly("auto-generated");
		assertThat(mail.text()).contains("Hello Test User,", "When: 2025-03-14 09:26 UTC", "Device: Desktop",
				"Browser: Firefox 128", "Operating system: Ubuntu 24.04", "IP address: 203.0.113.7",
				"Approximate location: Berlin, Germany", "Signed in with: google", baseUrl() + "/account");
		assertThat(mail.html()).contains("<html lang=\"en\">", ">Firefox 128</td>", ">Berlin, Germany</td>",
				"href=\"" + baseUrl() + "/account\"");
		// the worker marks the row sent once the SMTP server accepted it, a moment after the mail arrives
		await().atMost(PATIENCE).until(() -> row(user, SecurityNotice.NEW_DEVICE_SIGN_IN).status().equals("sent"));
		assertThat(row(user, SecurityNotice.NEW_DEVICE_SIGN_IN)).isEqualTo(new Row("sent", 0, null));
	}

	@Test
	void newDeviceSignInWhenUserLanguageIsGermanThenGermanEmail() throws Exception {
		String address = Mails.uniqueAddress("deutsch");
		UUID user = signIn(address, "de");

		inTransaction(() -> this.notifications.newDeviceSignIn(user, FACTS));

		Received mail = awaitOneMailTo(address, "Neue Anmeldung bei Ihrem Nexus-Konto");
		assertThat(mail.text()).contains("Hallo Test User,", "Gerät: Desktop", "Ungefährer Standort: Berlin, Germany");
		assertThat(mail.html()).contains("<html lang=\"de\">", ">Gerät</th>");
	}

	@Test
	void notifyWhenTransactionRolledBackThenNothingSent() throws Exception {
		String address = Mails.uniqueAddress("rollback");
		UUID user = signIn(address, "en");

		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			this.notifications.refreshTokenReuse(user, "203.0.113.9", "Paris, France");
			status.setRollbackOnly();
		});
		inTransaction(() -> this.notifications.allSessionsSignedOut(user, 2, true));

		// only the committed notice was written, and it is delivered
		awaitOneMailTo(address, "Your Nexus sessions were signed out");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE user_id = ? AND kind = 'refresh_token_reuse'",
					user))
				.isZero();
			assertThat(Sql.count(db,
					"SELECT count(*) FROM email_outbox WHERE user_id = ? AND kind = 'all_sessions_signed_out'", user))
				.isEqualTo(1);
		}
	}

	@Test
	void notifyWhenDeviceStringIsHostileThenHtmlPartEscapesIt() throws Exception {
		String address = Mails.uniqueAddress("hostile");
		UUID user = signIn(address, "en");
		SignInFacts hostile = new SignInFacts("<script>alert('x')</script>", "<b onmouseover=alert(1)>Chrome</b>",
				"Linux", "203.0.113.7", "<a href=\"https://phish.example\">Berlin</a>", Instant.now(), "google");

		inTransaction(() -> this.notifications.sessionSignedOutRemotely(user, hostile));

		Received mail = awaitOneMailTo(address, "A session of your Nexus account was signed out");
		assertThat(mail.html()).doesNotContain("<script>", "<b onmouseover", "<a href=\"https://phish.example\"")
			.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;b onmouseover=alert(1)&gt;Chrome&lt;/b&gt;",
					"&lt;a href=&quot;https://phish.example&quot;&gt;Berlin&lt;/a&gt;");
	}

	@Test
	void notifyWhenSmtpServerDownThenCallSucceedsRowWaitsAndIsDeliveredOnceWhenBack() throws Exception {
		String address = Mails.uniqueAddress("outage");
		UUID user = signIn(address, "en");
		TestSmtp.stop();
		try {
			inTransaction(() -> this.notifications.refreshTokenReuse(user, "203.0.113.7", "Berlin, Germany"));

			await().atMost(PATIENCE).untilAsserted(() -> {
				Row row = row(user, SecurityNotice.REFRESH_TOKEN_REUSE);
				assertThat(row.status()).isEqualTo("pending");
				assertThat(row.attempts()).isPositive();
				assertThat(row.lastError()).contains("MailSendException");
			});
		}
		finally {
			TestSmtp.start();
		}

		String subject = "A session of your Nexus account was ended for your safety";
		awaitOneMailTo(address, subject);
		await().atMost(PATIENCE).until(() -> row(user, SecurityNotice.REFRESH_TOKEN_REUSE).status().equals("sent"));
		assertThat(withSubject(address, subject)).as("delivered exactly once").hasSize(1);
	}

	@Test
	void notifyWhenUserHasNoAddressThenFailedWithoutAttempt() throws Exception {
		UUID user = Mails.insertUser(null, false, "en");

		inTransaction(() -> this.notifications.allSessionsSignedOut(user, 1, false));

		await().atMost(PATIENCE).until(() -> row(user, SecurityNotice.ALL_SESSIONS_SIGNED_OUT).status().equals("failed"));
		assertThat(row(user, SecurityNotice.ALL_SESSIONS_SIGNED_OUT)).isEqualTo(new Row("failed", 0, "no address"));
	}

	@Test
	void notifyWhenAddressUnverifiedThenFailedAndNothingSent() throws Exception {
		String address = Mails.uniqueAddress("unverified");
		UUID user = Mails.insertUser(address, false, "en");

		inTransaction(() -> this.notifications.allSessionsSignedOut(user, 1, false));

		await().atMost(PATIENCE).until(() -> row(user, SecurityNotice.ALL_SESSIONS_SIGNED_OUT).status().equals("failed"));
		assertThat(row(user, SecurityNotice.ALL_SESSIONS_SIGNED_OUT).lastError()).isEqualTo("unverified address");
		assertThat(Mails.to(address)).isEmpty();
	}

	private UUID signIn(String address, String locale) throws Exception {
		TestOidcProvider.get().nextSignIn("google-" + UUID.randomUUID(), address, Map.of("locale", locale));
		Browser browser = new Browser();
		HttpResponse<String> callback = browser.get(new SignInFlow(browser, baseUrl()).startAndAuthorize(""));
		assertThat(callback.statusCode()).as("sign-in").isEqualTo(302);
		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db.prepareStatement("SELECT id FROM users WHERE email = ?")) {
			query.setString(1, address);
			try (ResultSet rs = query.executeQuery()) {
				assertThat(rs.next()).isTrue();
				return rs.getObject(1, UUID.class);
			}
		}
	}

	private void inTransaction(Runnable action) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> action.run());
	}

	private static Received awaitOneMailTo(String address, String subject) {
		await().atMost(PATIENCE).until(() -> !withSubject(address, subject).isEmpty());
		List<Received> received = withSubject(address, subject);
		assertThat(received).hasSize(1);
		return received.get(0);
	}

	private static List<Received> withSubject(String address, String subject) {
		return Mails.to(address).stream().filter((mail) -> subject.equals(mail.subject())).toList();
	}

	/** The user's one outbox row of this kind. */
	private static Row row(UUID user, SecurityNotice kind) throws Exception {
		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db.prepareStatement(
						"SELECT status, attempts, last_error FROM email_outbox WHERE user_id = ? AND kind = ?")) {
			query.setObject(1, user);
			query.setString(2, kind.value());
			try (ResultSet rs = query.executeQuery()) {
				assertThat(rs.next()).as("an outbox row").isTrue();
				Row row = new Row(rs.getString(1), rs.getInt(2), rs.getString(3));
				assertThat(rs.next()).as("only one outbox row").isFalse();
				return row;
			}
		}
	}

	private record Row(String status, int attempts, String lastError) {
	}
}
