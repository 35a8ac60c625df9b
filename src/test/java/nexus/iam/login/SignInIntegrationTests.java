package nexus.iam.login;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole sign-in over real HTTP against a real OIDC provider playing Google. */
class SignInIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Browser browser = new Browser();

	private final SignInFlow flow = new SignInFlow(this.browser, baseUrl());

	@Test
	void signInWhenFirstTimeThenCreatesUserIdentitySessionAndSetsCookies() throws Exception {
		String subject = "google-" + UUID.randomUUID();
		HttpResponse<String> callback = this.flow.signIn(subject, "ada@example.com");

		assertThat(callback.statusCode()).isEqualTo(302);
		assertThat(Browser.location(callback)).isEqualTo(url("/"));
		List<String> cookies = Browser.setCookies(callback);
		assertThat(cookies).anySatisfy((c) -> assertThat(c).startsWith("nexus_access=")
			.contains("Path=/", "HttpOnly", "SameSite=Lax")
			.containsPattern("Max-Age=(898|899|900);"));
		assertThat(cookies).anySatisfy((c) -> assertThat(c).startsWith("nexus_refresh=")
			.contains("Path=/;", "HttpOnly", "SameSite=Lax")
			.containsPattern("Max-Age=60479[89]|Max-Age=604800"));
		assertThat(cookies).as("the sign-in state is spent").anySatisfy((c) -> assertThat(c).startsWith("nexus_login=;")
			.contains("Max-Age=0"));
		assertThat(callback.headers().firstValue("Cache-Control")).hasValue("no-store");

		JsonNode me = JSON.readTree(this.browser.get(url("/api/me")).body());
		assertThat(me.get("email").asString()).isEqualTo("ada@example.com");
		assertThat(me.get("identities")).hasSize(1);
		assertThat(me.get("identities").get(0).get("provider").asString()).isEqualTo("google");
		UUID userId = UUID.fromString(me.get("id").asString());
		UUID sessionId = UUID.fromString(me.get("session_id").asString());

		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM user_identities WHERE provider = 'google' AND subject = ?", subject))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id = ?::uuid AND user_id = ?::uuid"
					+ " AND refresh_token_id IS NOT NULL AND ip_address IS NOT NULL", sessionId.toString(),
					userId.toString()))
				.isEqualTo(1);
			// the refresh token is stored as its SHA-256 only
			String refresh = this.browser.cookies().get("nexus_refresh");
			byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
				.digest(refresh.getBytes(StandardCharsets.US_ASCII));
			try (PreparedStatement query = db.prepareStatement(
					"SELECT count(*) FROM refresh_tokens WHERE session_id = ?::uuid AND token_hash = ?")) {
				query.setString(1, sessionId.toString());
				query.setBytes(2, hash);
				try (ResultSet rs = query.executeQuery()) {
					rs.next();
					assertThat(rs.getInt(1)).isEqualTo(1);
				}
			}
			assertThat(auditTypes(db, userId)).containsExactly("user_created", "sign_in");
		}
	}

	@Test
	void signInWhenSecondTimeThenReusesUserAndIdentity() throws Exception {
		String subject = "google-" + UUID.randomUUID();
		this.flow.signIn(subject, "grace@example.com");
		String firstUser = JSON.readTree(this.browser.get(url("/api/me")).body()).get("id").asString();

		Browser other = new Browser();
		new SignInFlow(other, baseUrl()).signIn(subject, "grace.hopper@example.com");
		JsonNode me = JSON.readTree(other.get(url("/api/me")).body());

		assertThat(me.get("id").asString()).isEqualTo(firstUser);
		assertThat(me.get("identities")).hasSize(1);
		assertThat(me.get("identities").get(0).get("email").asString()).as("the provider's newest e-mail")
			.isEqualTo("grace.hopper@example.com");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE user_id = ?::uuid", firstUser)).isEqualTo(2);
			assertThat(auditTypes(db, UUID.fromString(firstUser))).containsExactly("user_created", "sign_in", "sign_in");
		}
	}

	@Test
	void meWhenBearerTokenThenSameAsCookie() throws Exception {
		this.flow.signIn("google-" + UUID.randomUUID(), "linus@example.com");
		String accessToken = this.browser.cookies().get("nexus_access");

		HttpResponse<String> bearer = new Browser().send(url("/api/me"),
				(request) -> request.header("Authorization", "Bearer " + accessToken));

		assertThat(bearer.statusCode()).isEqualTo(200);
		assertThat(bearer.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(JSON.readTree(bearer.body()).get("email").asString()).isEqualTo("linus@example.com");
	}

	@Test
	void signInWhenReturnToIsALocalPathThenRedirectsThere() {
		nexus.iam.testsupport.TestOidcProvider.get().nextSignIn("google-" + UUID.randomUUID(), "r@example.com");
		String callback = this.flow.startAndAuthorize("?return_to=" + enc("/account?tab=sessions"));
		assertThat(Browser.location(this.browser.get(callback))).isEqualTo(url("/account?tab=sessions"));
	}

	@Test
	void signInWhenReturnToIsAnAllowedOriginThenRedirectsThere() {
		nexus.iam.testsupport.TestOidcProvider.get().nextSignIn("google-" + UUID.randomUUID(), "o@example.com");
		String callback = this.flow.startAndAuthorize("?return_to=" + enc("https://app.nexus.test/home"));
		assertThat(Browser.location(this.browser.get(callback))).isEqualTo("https://app.nexus.test/home");
	}

	@Test
	void loginWhenStartedThenSendsPkceStateNonceAndHintToProvider() {
		HttpResponse<String> login = this.browser.get(url("/api/auth/google/login?login_hint=" + enc("a@example.com")));
		String location = Browser.location(login);
		assertThat(location).contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=",
				"response_type=code", "login_hint=a%40example.com",
				"redirect_uri=" + enc(url("/api/auth/google/callback")));
		assertThat(location).doesNotContain("code_verifier");
	}

	@Test
	void homeWhenSignedInThenShowsUserElseSignInButtons() {
		HttpResponse<String> anonymous = this.browser.get(url("/"));
		assertThat(anonymous.body()).contains("You are not signed in", "/api/auth/google/login", "/api/auth/dev/login");

		this.flow.signIn("google-" + UUID.randomUUID(), "home@example.com");
		assertThat(this.browser.get(url("/")).body()).contains("Signed in as", "home@example.com");
	}

	@Test
	void homeWhenAccessCookieIsGarbageThenStillShowsThePublicPage() {
		this.browser.cookies().put("nexus_access", "not-a-token");
		HttpResponse<String> home = this.browser.get(url("/"));
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("You are not signed in");
	}

	@Test
	void devProviderWhenLoginHintThenSignsInWithoutAForm() throws Exception {
		HttpResponse<String> end = this.browser.follow(url("/api/auth/dev/login?login_hint=" + enc("alice@example.com")));
		assertThat(end.statusCode()).isEqualTo(200);
		assertThat(end.uri().toString()).isEqualTo(url("/"));
		JsonNode me = JSON.readTree(this.browser.get(url("/api/me")).body());
		assertThat(me.get("email").asString()).isEqualTo("alice@example.com");
		assertThat(me.get("identities").get(0).get("provider").asString()).isEqualTo("dev");
	}

	@Test
	void devProviderWhenNoLoginHintThenAsksForAnEmail() {
		HttpResponse<String> page = this.browser.get(url("/api/auth/dev/login?return_to=" + enc("/x")));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<form", "name=\"login_hint\"", "value=\"/x\"");
	}

	@Test
	void devProviderWhenConcurrentSignInsThenEachGetsItsOwnIdentity() throws Exception {
		List<Thread> threads = new ArrayList<>();
		List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 8; i++) {
			String email = "user" + i + "@concurrent.example";
			threads.add(Thread.ofVirtual().start(() -> {
				Browser b = new Browser();
				b.follow(url("/api/auth/dev/login?login_hint=" + enc(email)));
				String body = b.get(url("/api/me")).body();
				seen.add(email + "=" + JSON.readTree(body).get("email").asString());
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(seen).hasSize(8).allSatisfy((pair) -> {
			String[] parts = pair.split("=");
			assertThat(parts[1]).isEqualTo(parts[0]);
		});
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}


	static List<String> auditTypes(Connection db, UUID userId) throws Exception {
		List<String> types = new ArrayList<>();
		try (PreparedStatement query = db
			.prepareStatement("SELECT type FROM audit_events WHERE user_id = ?::uuid ORDER BY id")) {
			query.setString(1, userId.toString());
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					types.add(rs.getString(1));
				}
			}
		}
		return types;
	}
}
