package nexus.iam.authserver;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionEndReason;
import nexus.iam.session.SessionService;
import nexus.iam.testsupport.Base32Text;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's way through the authorization endpoint: Nexus's own sign-in when there is no
 * session, {@code prompt}, {@code max_age}, two-factor step-up, and no sign-in state of the
 * provider's own.
 */
class OidcSignInIntegrationTests extends IntegrationTest {

	private final ProviderClient client = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID,
			CONFIDENTIAL_CLIENT_SECRET, CLIENT_REDIRECT_URI);

	private final ProviderClient twoFactorClient = new ProviderClient(baseUrl(), TWO_FACTOR_CLIENT_ID,
			CONFIDENTIAL_CLIENT_SECRET, CLIENT_REDIRECT_URI);

	@Autowired
	SessionService sessions;

	@Test
	void withoutASessionTheBrowserSignsInThroughNexusAndComesBack() {
		Browser browser = new Browser();
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		HttpResponse<String> first = browser.get(this.client.authorizeUrl("openid email", pkce, Map.of()));
		assertThat(first.statusCode()).isEqualTo(302);
		String signIn = Browser.location(first);
		assertThat(signIn).startsWith(url("/?return_to="));
		assertThat(first.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));
		String returnTo = ProviderClient.query(signIn).get("return_to");
		assertThat(returnTo).startsWith("/oauth2/authorize?").contains("client_id=" + CONFIDENTIAL_CLIENT_ID);

		// Nexus's sign-in with that return_to, then back to the authorization request
		TestOidcProvider.get().nextSignIn("op-sso-" + UUID.randomUUID(), "op-sso@example.com");
		String callback = new SignInFlow(browser, baseUrl())
			.startAndAuthorize("?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
		HttpResponse<String> signedIn = browser.get(callback);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(Browser.location(signedIn)).isEqualTo(url(returnTo));
		HttpResponse<String> back = browser.get(Browser.location(signedIn));
		assertThat(back.statusCode()).isEqualTo(302);
		assertThat(back.headers().allValues("Set-Cookie")).as("no HTTP session of the provider's own")
			.noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));
		assertThat(Browser.location(back)).startsWith(CLIENT_REDIRECT_URI + "?code=");
		assertThat(this.client.exchange(ProviderClient.code(Browser.location(back)), pkce.verifier()).statusCode())
			.isEqualTo(200);
	}

	@Test
	void promptNoneWithoutASessionIsLoginRequiredAndWritesNothing() throws Exception {
		long before = authorizations();
		HttpResponse<String> response = new Browser()
			.get(this.client.authorizeUrl("openid", ProviderClient.pkce(), Map.of("prompt", "none")));
		assertThat(response.statusCode()).isEqualTo(302);
		Map<String, String> answer = ProviderClient.query(Browser.location(response));
		assertThat(Browser.location(response)).startsWith(CLIENT_REDIRECT_URI);
		assertThat(answer).containsEntry("error", "login_required").containsEntry("state", "st-123");
		assertThat(authorizations()).isEqualTo(before);
	}

	@Test
	void promptNoneWithASessionGoesStraightThrough() {
		Browser browser = signedIn();
		String redirect = this.client.authorize(browser, "openid", ProviderClient.pkce(), Map.of("prompt", "none"));
		assertThat(ProviderClient.code(redirect)).isNotBlank();
	}

	@Test
	void whenTheNexusSessionEndedPromptNoneIsLoginRequired() {
		Browser browser = new Browser();
		var tokens = new SignInFlow(browser, baseUrl()).signedIn("op-ended-" + UUID.randomUUID(), "op-ended@example.com");
		this.sessions.revoke(UUID.fromString(tokens.sessionId()), SessionEndReason.SIGN_OUT, new ClientContext(null, null));
		String redirect = this.client.authorize(browser, "openid", ProviderClient.pkce(), Map.of("prompt", "none"));
		assertThat(ProviderClient.query(redirect)).containsEntry("error", "login_required");
	}

	@Test
	void promptLoginSendsASignedInBrowserToSignInAgainWithoutALoop() {
		Browser browser = signedIn();
		HttpResponse<String> response = browser.get(this.client.authorizeUrl("openid", ProviderClient.pkce(),
				Map.of("prompt", "login")));
		assertThat(Browser.location(response)).startsWith(url("/?return_to="));
		String returnTo = ProviderClient.query(Browser.location(response)).get("return_to");
		assertThat(returnTo).doesNotContain("prompt=").contains(AuthorizeDecision.REAUTHENTICATED_AFTER + "=");
		// the same session, coming back without signing in again, is sent again
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(Browser.location(browser.get(url(returnTo)))).startsWith(url("/?return_to="));
		// a new sign-in counts
		TestOidcProvider.get().nextSignIn("op-again-" + UUID.randomUUID(), "op-again@example.com");
		browser.get(new SignInFlow(browser, baseUrl()).startAndAuthorize(""));
		assertThat(Browser.location(browser.get(url(returnTo)))).startsWith(CLIENT_REDIRECT_URI + "?code=");
	}

	@Test
	void maxAgeExceededSignsInAgainOrIsLoginRequiredWithPromptNone() {
		Browser browser = signedIn();
		this.clock.advance(Duration.ofMinutes(2));
		HttpResponse<String> response = browser.get(this.client.authorizeUrl("openid", ProviderClient.pkce(),
				Map.of("max_age", "60")));
		assertThat(Browser.location(response)).startsWith(url("/?return_to="));
		String refused = this.client.authorize(browser, "openid", ProviderClient.pkce(),
				Map.of("max_age", "60", "prompt", "none"));
		assertThat(ProviderClient.query(refused)).containsEntry("error", "login_required");
		assertThat(ProviderClient.code(this.client.authorize(browser, "openid", ProviderClient.pkce(),
				Map.of("max_age", "600")))).isNotBlank();
	}

	@Test
	void malformedMaxAgeIsInvalidRequestAtTheClient() {
		String redirect = this.client.authorize(signedIn(), "openid", ProviderClient.pkce(), Map.of("max_age", "soon"));
		assertThat(ProviderClient.query(redirect)).containsEntry("error", "invalid_request");
	}

	@Test
	void aClientRequiringTwoFactorsSendsAOneFactorSessionToStepUp() {
		Browser browser = signedIn();
		HttpResponse<String> response = browser.get(this.twoFactorClient.authorizeUrl("openid", ProviderClient.pkce(), Map.of()));
		assertThat(response.statusCode()).isEqualTo(302);
		String stepUp = Browser.location(response);
		assertThat(stepUp).startsWith(url("/account/mfa/verify?rd="));
		assertThat(ProviderClient.query(stepUp).get("rd")).startsWith("/oauth2/authorize?")
			.contains("client_id=" + TWO_FACTOR_CLIENT_ID);
		String refused = this.twoFactorClient.authorize(browser, "openid", ProviderClient.pkce(), Map.of("prompt", "none"));
		assertThat(ProviderClient.query(refused)).containsEntry("error", "interaction_required");
	}

	@Test
	void acrValuesAskingForTwoFactorsStepsUpToo() {
		HttpResponse<String> response = signedIn().get(this.client.authorizeUrl("openid", ProviderClient.pkce(),
				Map.of("acr_values", "nexus:mfa")));
		assertThat(Browser.location(response)).startsWith(url("/account/mfa/verify?rd="));
	}

	@Test
	void afterTheStepUpTheTwoFactorClientGetsItsCodeAndTheIdTokenSaysMfa() throws Exception {
		Browser browser = new Browser();
		var tokens = new SignInFlow(browser, baseUrl()).signedIn("op-mfa-" + UUID.randomUUID(), "op-mfa@example.com");
		JsonNode enrolment = TokenClient.json(TokenClient.post(url("/api/me/mfa/totp"), tokens.access(), "{}"));
		byte[] secret = Base32Text.decode(enrolment.get("secret").asString());
		assertThat(TokenClient.post(url("/api/me/mfa/totp/confirm"), tokens.access(),
				"{\"code\":\"" + totp(secret) + "\"}").statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(30));
		HttpResponse<String> stepUp = TokenClient.post(url("/api/me/mfa/verify"), tokens.access(),
				"{\"code\":\"" + totp(secret) + "\"}");
		assertThat(stepUp.statusCode()).isEqualTo(200);
		browser.cookies().put("nexus_access", TokenClient.json(stepUp).get("access_token").asString());

		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String redirect = this.twoFactorClient.authorize(browser, "openid", pkce, Map.of());
		JsonNode issued = ProviderClient.json(this.twoFactorClient.exchange(ProviderClient.code(redirect), pkce.verifier()));
		var id = SignedJWT.parse(issued.get("id_token").asString()).getJWTClaimsSet();
		assertThat(id.getStringClaim("acr")).isEqualTo("nexus:mfa");
		assertThat(id.getStringListClaim("amr")).contains("otp");
	}

	private String totp(byte[] secret) throws Exception {
		var generator = new com.eatthepath.otp.TimeBasedOneTimePasswordGenerator();
		return generator.generateOneTimePasswordString(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA1"),
				this.clock.instant());
	}

	private Browser signedIn() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signedIn("op-prompt-" + UUID.randomUUID(), "op-prompt@example.com");
		return browser;
	}

	private static long authorizations() throws Exception {
		try (java.sql.Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM oidc_authorizations");
		}
	}
}
