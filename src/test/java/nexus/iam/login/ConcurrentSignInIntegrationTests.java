package nexus.iam.login;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-ins of one user at the same moment, on two nodes sharing one database: first sign-ins that
 * race make one user, and the per-user limit of live sessions holds exactly however many sign-ins
 * arrive together.
 *
 * <p>
 * One user's sign-ins are served one after the other (they lock the identity and the user's
 * sessions), about a tenth of a second each on a loaded two-core CI machine; each node lets one
 * of them at a time take a pooled connection, so a hundred at once do not run into the default
 * five seconds' wait for one.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConcurrentSignInIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A line logged at ERROR, by the shared instance (JSON) or the second node (plain text). */
	private static final Pattern ERROR_LINE = Pattern.compile("\"level\":\"error\"|\\sERROR\\s");

	private static Node second;

	private static Node third;

	@BeforeAll
	static void startNodes() {
		second = Node.start(nodeSettings());
		third = Node.start(nodeSettings());
	}

	@AfterAll
	static void stopNodes() {
		second.close();
		third.close();
	}

	@Test
	void fortySimultaneousFirstSignInsOfANewAddressAreAllSignInsOfOneUser(CapturedOutput output) throws Exception {
		String email = "racing-" + UUID.randomUUID() + "@example.com";
		List<Browser> browsers = signInTogether(40, "google-" + UUID.randomUUID(), email, IntegrationTest::url, second);

		Set<String> users = new HashSet<>();
		for (int i = 0; i < browsers.size(); i++) {
			HttpResponse<String> me = browsers.get(i).get(url("/api/me"));
			assertThat(me.statusCode()).as("signed in, browser %d", i).isEqualTo(200);
			users.add(JSON.readTree(me.body()).get("id").asString());
		}
		assertThat(users).as("one user for all forty").hasSize(1);
		UUID userId = UUID.fromString(users.iterator().next());
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM users WHERE email = ?", email)).as("no twin user")
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_identities WHERE email = ?", email)).isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE user_id = ? AND revoked_at IS NULL",
					userId))
				.isEqualTo(40);
			assertThat(countEvents(db, userId, "user_created")).isEqualTo(1);
			assertThat(countEvents(db, userId, "sign_in")).isEqualTo(40);
		}
		assertThat(output.getAll().lines().filter((line) -> ERROR_LINE.matcher(line).find()))
			.as("nothing logged as an error")
			.isEmpty();
	}

	@Test
	void aHundredSimultaneousSignInsOfOneUserNeverLeaveMoreThanTheLimitLive(CapturedOutput output) throws Exception {
		String subject = "google-" + UUID.randomUUID();
		String email = "flood-" + UUID.randomUUID() + "@example.com";
		Browser first = new Browser();
		new SignInFlow(first, baseUrl()).signIn(subject, email);
		UUID userId = UUID.fromString(JSON.readTree(first.get(url("/api/me")).body()).get("id").asString());
		int limit = 50; // the default of nexus.session.max-per-user, which both nodes run with

		// watch the live count from outside while the sign-ins run: it must never pass the limit
		AtomicBoolean watching = new AtomicBoolean(true);
		AtomicLong mostLive = new AtomicLong();
		Thread watcher = Thread.ofPlatform().start(() -> {
			try (Connection db = TestDatabase.connect()) {
				while (watching.get()) {
					mostLive.accumulateAndGet(liveSessions(db, userId), Math::max);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		List<Browser> browsers;
		try {
			browsers = signInTogether(100, subject, email, second::url, third);
		}
		finally {
			watching.set(false);
			watcher.join();
		}

		try (Connection db = TestDatabase.connect()) {
			assertThat(mostLive.get()).as("the most sessions ever seen live at once").isLessThanOrEqualTo(limit);
			assertThat(liveSessions(db, userId)).isEqualTo(limit);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE user_id = ? AND revoked_reason = ?",
					userId, "session_limit"))
				.as("101 sign-ins, 50 live: 51 ended by the limit")
				.isEqualTo(51);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_id = ? AND type = 'session_revoked' "
					+ "AND details ->> 'reason' = 'session_limit' AND details ->> 'limit' = '50'", userId))
				.as("each ended session in the audit trail")
				.isEqualTo(51);
		}
		browsers.add(first);
		int refused = 0;
		for (Browser browser : browsers) {
			// an ended session's access token is refused on both nodes (the deny-list reaches the
			// other node through Redis: wait for it), a live one's accepted on both
			boolean live = isLive(browser, userId);
			for (String base : List.of(second.url(""), third.url(""))) {
				assertThat(eventually(browser, base + "/api/me", live ? 200 : 401)).as("a %s session on %s",
						live ? "live" : "ended", base)
					.isEqualTo(live ? 200 : 401);
			}
			refused += live ? 0 : 1;
		}
		assertThat(refused).isEqualTo(51);

		Browser survivor = browsers.stream().filter((browser) -> isLive(browser, userId)).findFirst().orElseThrow();
		HttpResponse<String> page = survivor.get(second.url("/account"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.contains("The session unused the longest was signed out: a new sign-in went over the limit of 50 sessions");
		assertThat(output.getAll().lines().filter((line) -> ERROR_LINE.matcher(line).find())).isEmpty();
	}

	@Test
	void sessionsStartedAtOnceOnTwoNodesOutsideAnySignInStillKeepTheLimit() throws Exception {
		// the sign-ins above are also serialized by their identity's row lock; here the sessions
		// start on their own, so only the session limit's own lock keeps the count exact
		Browser first = new Browser();
		new SignInFlow(first, baseUrl()).signIn("google-" + UUID.randomUUID(), "direct-" + UUID.randomUUID() + "@example.com");
		UUID userId = UUID.fromString(JSON.readTree(first.get(url("/api/me")).body()).get("id").asString());
		UUID identityId;
		try (Connection db = TestDatabase.connect();
				java.sql.PreparedStatement query = db.prepareStatement("SELECT id FROM user_identities WHERE user_id = ?")) {
			query.setObject(1, userId);
			try (java.sql.ResultSet rs = query.executeQuery()) {
				rs.next();
				identityId = rs.getObject(1, UUID.class);
			}
		}
		SessionOrigin origin = new SessionOrigin(new ClientContext("127.0.0.1", "test"), "desktop", "Firefox 140",
				"Linux", null, null);
		List<SessionService> nodes = List.of(second.bean(SessionService.class), third.bean(SessionService.class));
		int count = 100;
		CyclicBarrier together = new CyclicBarrier(count);
		List<Future<?>> started = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
			for (int i = 0; i < count; i++) {
				SessionService node = nodes.get(i % 2);
				started.add(threads.submit(() -> {
					together.await();
					return node.start(userId, identityId, "google", List.of("google"), origin);
				}));
			}
		}
		for (Future<?> session : started) {
			session.get();
		}
		try (Connection db = TestDatabase.connect()) {
			assertThat(liveSessions(db, userId)).isEqualTo(50);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE user_id = ? AND revoked_reason = ?",
					userId, "session_limit"))
				.isEqualTo(51);
		}
	}

	/**
	 * Signs {@code count} browsers in as the same provider subject, alternately on one node and
	 * the other: each goes through the provider first, then all callbacks are sent at once. Every
	 * callback must answer with the redirect of a successful sign-in.
	 */
	private static List<Browser> signInTogether(int count, String subject, String email,
			java.util.function.UnaryOperator<String> one, Node other) throws Exception {
		TestOidcProvider.get().nextSignIn(subject, email);
		List<Browser> browsers = new ArrayList<>();
		List<String> callbacks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Browser browser = new Browser();
			browsers.add(browser);
			callbacks.add(startAndAuthorize(browser, (i % 2 == 0) ? one.apply("") : other.url("")));
		}
		CyclicBarrier together = new CyclicBarrier(count);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				Browser browser = browsers.get(i);
				String callback = callbacks.get(i);
				answers.add(threads.submit(() -> {
					together.await();
					// the last in line waits for all the others (seconds on a loaded machine): a patient client
					return browser.send(callback, (request) -> request.timeout(Duration.ofSeconds(90)).GET());
				}));
			}
		}
		List<String> outcomes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> answer = answers.get(i).get();
			outcomes.add((answer.statusCode() == 302) ? Browser.location(answer) : answer.statusCode() + " " + answer.body());
		}
		for (int i = 0; i < count; i++) {
			assertThat(outcomes.get(i)).as("callback %d of %s", i, outcomes)
				.isEqualTo((i % 2 == 0) ? one.apply("/") : other.url("/"));
		}
		return browsers;
	}

	/**
	 * Starts a sign-in on the node at {@code base} and goes through the provider; the callback the
	 * provider names is on the public URL (the shared instance), and is sent to the same node.
	 */
	private static String startAndAuthorize(Browser browser, String base) {
		HttpResponse<String> login = browser.get(base + "/api/auth/google/login");
		assertThat(login.statusCode()).as("login redirect").isEqualTo(302);
		HttpResponse<String> authorize = browser.get(Browser.location(login));
		assertThat(authorize.statusCode()).as("provider redirect").isEqualTo(302);
		String callback = Browser.location(authorize);
		assertThat(callback).startsWith(baseUrl() + "/api/auth/google/callback");
		return base + callback.substring(baseUrl().length());
	}

	private static boolean isLive(Browser browser, UUID userId) {
		try (Connection db = TestDatabase.connect()) {
			String sessionId = sessionOf(browser);
			return Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
					UUID.fromString(sessionId), userId) == 1;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The {@code sid} of the browser's access token. */
	private static String sessionOf(Browser browser) {
		String[] parts = browser.cookies().get("nexus_access").split("\\.");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		return JSON.readTree(payload).get("sid").asString();
	}

	/** The status of {@code url}, asked again for a few seconds until it is the expected one. */
	private static int eventually(Browser browser, String url, int expected) throws InterruptedException {
		int status = 0;
		for (int attempt = 0; attempt < 50; attempt++) {
			status = browser.get(url).statusCode();
			if (status == expected) {
				return status;
			}
			Thread.sleep(100);
		}
		return status;
	}

	private static long liveSessions(Connection db, UUID userId) throws SQLException {
		return Sql.count(db,
				"SELECT count(*) FROM user_sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > now()",
				userId);
	}

	private static long countEvents(Connection db, UUID userId, String type) throws SQLException {
		return Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_id = ? AND type = ?", userId, type);
	}
}
