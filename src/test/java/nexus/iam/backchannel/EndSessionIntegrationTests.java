package nexus.iam.backchannel;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.SessionApplications;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestBackchannelReceiver;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0) over real HTTP with a
 * browser's cookies. The ID tokens are signed here with the service's own development key, as
 * the provider signs them.
 */
class EndSessionIntegrationTests extends IntegrationTest {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

	private final TokenClient client = new TokenClient(baseUrl());

	@Autowired
	private SessionApplications applications;

	@Test
	void getWhenTheHintNamesTheBrowsersSessionThenItEndsAndTheBrowserGoesBackWithItsState() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);
		this.applications.signedIn(UUID.fromString(tokens.sessionId()), LOGOUT_RP_A);

		HttpResponse<String> response = get(browser, Map.of("id_token_hint", idToken(tokens, LOGOUT_RP_A),
				"post_logout_redirect_uri", LOGOUT_RP_RETURN, "state", "s t&1"));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(LOGOUT_RP_RETURN + "?state=s%20t%261");
		assertThat(browser.cookies()).as("Nexus's cookies cleared").isEmpty();
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(401);
		assertThat(this.client.refresh(tokens.refresh()).statusCode()).isEqualTo(401);
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'rp_initiated_logout' "
					+ "AND session_id = ? AND details ->> 'client_id' = ?", UUID.fromString(tokens.sessionId()), LOGOUT_RP_A))
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE id = ? AND revoked_reason = 'sign_out'",
					UUID.fromString(tokens.sessionId())))
				.isEqualTo(1);
		}
		// the application that asked is told through the back channel too, as every application of the session
		assertThat(TestBackchannelReceiver.get()
			.await((received) -> received.path().equals(TestBackchannelReceiver.RP_A)
					&& sid(received.logoutToken()).equals(tokens.sessionId()), 1)).hasSize(1);
	}

	@Test
	void getWhenTheHintIsExpiredThenItIsStillAccepted() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);
		Instant longAgo = Instant.now().minus(Duration.ofDays(2));

		HttpResponse<String> response = get(browser, Map.of("id_token_hint",
				idToken(tokens, LOGOUT_RP_A, longAgo, longAgo.plus(Duration.ofMinutes(5)), serviceKey()),
				"post_logout_redirect_uri", LOGOUT_RP_RETURN));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(401);
	}

	@Test
	void getWhenTheHintIsForgedThenAnErrorPageAndNothingEnds() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);
		ECKey stranger = new ECKey.Builder(nexus.iam.token.SigningKeys.generate()).keyID(serviceKey().getKeyID()).build();
		Instant now = Instant.now();

		HttpResponse<String> response = get(browser, Map.of("id_token_hint",
				idToken(tokens, LOGOUT_RP_A, now, now.plus(Duration.ofMinutes(5)), stranger), "post_logout_redirect_uri",
				LOGOUT_RP_RETURN));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("id_token_hint_invalid");
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void getWhenTheHintIsFromAnotherIssuerThenAnErrorPageAndNothingEnds() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);
		Instant now = Instant.now();

		HttpResponse<String> response = get(browser, Map.of("id_token_hint", idToken("https://other.example", tokens,
				LOGOUT_RP_A, now, now.plus(Duration.ofMinutes(5)), serviceKey())));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("id_token_hint_invalid");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void getWhenTheHintIsAnAccessTokenThenRefused() {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> response = get(browser, Map.of("id_token_hint", tokens.access()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("id_token_hint_invalid");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void getWhenTheClientIdIsNotTheHintsAudienceOrUnknownThenAnErrorPageAndNothingEnds() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> other = get(browser, Map.of("id_token_hint", idToken(tokens, LOGOUT_RP_A), "client_id",
				LOGOUT_RP_B, "post_logout_redirect_uri", LOGOUT_RP_RETURN));
		HttpResponse<String> unknown = get(browser,
				Map.of("client_id", "no-such-client", "post_logout_redirect_uri", LOGOUT_RP_RETURN));

		assertThat(other.statusCode()).isEqualTo(400);
		assertThat(other.body()).contains("logout_client_invalid");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("logout_client_invalid");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void getWhenTheRedirectUriIsNotRegisteredThenNoRedirectButTheSignedOutPage() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> response = get(browser, Map.of("id_token_hint", idToken(tokens, LOGOUT_RP_A),
				"post_logout_redirect_uri", "https://evil.example/steal", "state", "x"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("You are signed out").doesNotContain("evil.example");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(401);
	}

	@Test
	void getWithoutAHintThenAskedFirstAndNothingEndsUntilConfirmed() throws Exception {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> question = get(browser, Map.of("client_id", LOGOUT_RP_A, "post_logout_redirect_uri",
				LOGOUT_RP_RETURN, "state", "abc"));

		assertThat(question.statusCode()).isEqualTo(200);
		assertThat(question.body()).contains("Sign out of Nexus?").contains("Logout RP A");
		assertThat(this.client.me(tokens.access()).statusCode()).as("a GET alone ends nothing").isEqualTo(200);

		HttpResponse<String> answer = post(browser, Map.of("confirm", "yes", "csrf_token", csrfToken(question),
				"client_id", LOGOUT_RP_A, "post_logout_redirect_uri", LOGOUT_RP_RETURN, "state", "abc"), null);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("You are signed out").contains(LOGOUT_RP_RETURN + "?state=abc");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(401);
		assertThat(browser.cookies()).isEmpty();
	}

	@Test
	void postConfirmWithAWrongCsrfTokenThenAskedAgainAndNothingEnds() {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> answer = post(browser, Map.of("confirm", "yes", "csrf_token", "forged"), null);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("Sign out of Nexus?");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void crossSitePostWithoutCookiesWhenTheHintsSessionIsLiveThenAskedSoTheCookiesComeBack() throws Exception {
		Tokens tokens = signIn(new Browser());
		Browser withoutCookies = new Browser();

		HttpResponse<String> response = post(withoutCookies, Map.of("id_token_hint", idToken(tokens, LOGOUT_RP_A),
				"post_logout_redirect_uri", LOGOUT_RP_RETURN), "https://rp.nexus.test");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Sign out of Nexus?");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void postFromAnotherSiteWithCookiesWhenTheHintNamesTheBrowsersSessionThenItEnds() throws Exception {
		// an application on a sibling host: same-site, so the browser sends the cookies, from its own Origin
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> response = post(browser, Map.of("id_token_hint", idToken(tokens, LOGOUT_RP_A),
				"post_logout_redirect_uri", LOGOUT_RP_RETURN), "https://rp.nexus.test");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("You are signed out").contains(LOGOUT_RP_RETURN);
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(401);
	}

	@Test
	void postFromAnotherSiteWithCookiesButNoHintThenAskedAndNothingEnds() {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser);

		HttpResponse<String> response = post(browser, Map.of("confirm", "yes"), "https://evil.example");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Sign out of Nexus?");
		assertThat(this.client.me(tokens.access()).statusCode()).isEqualTo(200);
	}

	@Test
	void getWhenNotSignedInThenNothingToEndAndBackToTheApplication() {
		HttpResponse<String> response = get(new Browser(),
				Map.of("client_id", LOGOUT_RP_A, "post_logout_redirect_uri", LOGOUT_RP_RETURN, "state", "q"));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(LOGOUT_RP_RETURN + "?state=q");
	}

	private static Tokens signIn(Browser browser) {
		return new SignInFlow(browser, baseUrl()).signedIn("end-" + UUID.randomUUID(), "end@example.com");
	}

	private static HttpResponse<String> get(Browser browser, Map<String, String> parameters) {
		return browser.send(url(EndSessionEndpoint.PATH + "?" + form(parameters)),
				(request) -> request.header("Accept", "text/html").GET());
	}

	private static HttpResponse<String> post(Browser browser, Map<String, String> parameters, String origin) {
		return browser.send(url(EndSessionEndpoint.PATH), (request) -> {
			request.header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded");
			if (origin != null) {
				request.header("Origin", origin);
			}
			return request.POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
		});
	}

	private static String form(Map<String, String> parameters) {
		return new LinkedHashMap<>(parameters).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static String csrfToken(HttpResponse<String> page) {
		Matcher matcher = CSRF_FIELD.matcher(page.body());
		assertThat(matcher.find()).as("the confirmation form's CSRF token").isTrue();
		return matcher.group(1);
	}

	private static String sid(String logoutToken) {
		try {
			return SignedJWT.parse(logoutToken).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (java.text.ParseException ex) {
			return "";
		}
	}

	private static String idToken(Tokens tokens, String audience) throws Exception {
		Instant now = Instant.now();
		return idToken(tokens, audience, now, now.plus(Duration.ofMinutes(5)), serviceKey());
	}

	/** An ID token as the provider issues them: iss, aud, sub (the user id), sid (the session id). */
	private static String idToken(Tokens tokens, String audience, Instant issuedAt, Instant expiresAt, ECKey key)
			throws Exception {
		return idToken(baseUrl(), tokens, audience, issuedAt, expiresAt, key);
	}

	private static String idToken(String issuer, Tokens tokens, String audience, Instant issuedAt, Instant expiresAt,
			ECKey key) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.subject(tokens.userId())
			.claim("sid", tokens.sessionId())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	private static ECKey serviceKey() throws Exception {
		return (ECKey) JWKSet.load(dataDir().resolve("signing-keys.json").toFile()).getKeys().getFirst();
	}
}
