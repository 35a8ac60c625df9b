package nexus.iam.authserver;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad input at the authorization and token endpoints: each gets the error its RFC names,
 * never a 5xx, never a redirect to an unchecked URI, and writes nothing.
 */
class OidcBadInputIntegrationTests extends IntegrationTest {

	private final ProviderClient client = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID,
			CONFIDENTIAL_CLIENT_SECRET, CLIENT_REDIRECT_URI);

	@Test
	void aRedirectUriThatDoesNotMatchExactlyGetsAnErrorPageNeverARedirect() throws Exception {
		Browser browser = signedIn();
		long before = authorizations();
		for (String redirect : new String[] { CLIENT_REDIRECT_URI + "/", CLIENT_REDIRECT_URI + "?x=1",
				"https://evil.example/callback", "https://app.nexus.test/callback#frag" }) {
			HttpResponse<String> response = browser.send(this.client.authorizeUrl("openid", ProviderClient.pkce(),
					Map.of("redirect_uri", redirect)), (request) -> request.header("Accept", "text/html").GET());
			assertThat(response.statusCode()).as(redirect).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).as(redirect).isEmpty();
			assertThat(response.body()).contains("invalid_request");
		}
		assertThat(authorizations()).isEqualTo(before);
	}

	@Test
	void anUnknownClientGetsAnErrorPageNeverARedirect() throws Exception {
		long before = authorizations();
		ProviderClient unknown = new ProviderClient(baseUrl(), "no-such-client", null, CLIENT_REDIRECT_URI);
		HttpResponse<String> response = signedIn().get(unknown.authorizeUrl("openid", ProviderClient.pkce(), Map.of()));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(authorizations()).isEqualTo(before);
	}

	@Test
	void aScopeTheClientIsNotRegisteredForIsInvalidScope() throws Exception {
		long before = authorizations();
		String redirect = this.client.authorize(signedIn(), "openid admin", ProviderClient.pkce(), Map.of());
		assertThat(ProviderClient.query(redirect)).containsEntry("error", "invalid_scope").containsEntry("state", "st-123");
		HttpResponse<String> service = this.client.token(Map.of("grant_type", "client_credentials", "scope", "admin"));
		assertThat(error(service)).isEqualTo("invalid_scope");
		assertThat(authorizations()).isEqualTo(before);
	}

	@Test
	void implicitAndPasswordAreNotOffered() {
		HttpResponse<String> implicit = signedIn().get(this.client.authorizeUrl("openid", ProviderClient.pkce(),
				Map.of("response_type", "token")));
		assertThat(implicit.statusCode()).isEqualTo(400);
		assertThat(implicit.headers().firstValue("Location")).isEmpty();
		assertThat(implicit.body()).contains("unsupported_response_type");
		HttpResponse<String> password = this.client.token(Map.of("grant_type", "password", "username", "a",
				"password", "b"));
		assertThat(error(password)).isEqualTo("unsupported_grant_type");
	}

	@Test
	void aPublicClientWithoutPkceIsRefused() {
		ProviderClient publicClient = new ProviderClient(baseUrl(), PUBLIC_CLIENT_ID, null, CLIENT_REDIRECT_URI);
		String url = publicClient.authorizeUrl("openid", ProviderClient.pkce(), Map.of()).replaceAll("&code_challenge[^&]*", "");
		HttpResponse<String> response = signedIn().get(url);
		assertThat(ProviderClient.query(Browser.location(response))).containsEntry("error", "invalid_request");
	}

	@Test
	void aWrongOrMissingPkceVerifierIsInvalidGrant() throws Exception {
		Browser browser = signedIn();
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String code = ProviderClient.code(this.client.authorize(browser, "openid", pkce, Map.of()));
		long issuedBefore = issuedTokens();
		assertThat(error(this.client.exchange(code, ProviderClient.pkce().verifier()))).isEqualTo("invalid_grant");
		assertThat(error(this.client.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				CLIENT_REDIRECT_URI)))).isEqualTo("invalid_grant");
		assertThat(issuedTokens()).isEqualTo(issuedBefore);
	}

	@Test
	void aMismatchedRedirectUriAtTheTokenEndpointIsInvalidGrant() {
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String code = ProviderClient.code(this.client.authorize(signedIn(), "openid", pkce, Map.of()));
		HttpResponse<String> response = this.client.token(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", "http://127.0.0.1/callback", "code_verifier", pkce.verifier()));
		assertThat(error(response)).isEqualTo("invalid_grant");
	}

	@Test
	void aReusedCodeIsInvalidGrantAndRevokesTheTokensIssuedFromIt() {
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String code = ProviderClient.code(this.client.authorize(signedIn(), "openid", pkce, Map.of()));
		JsonNode tokens = ProviderClient.json(this.client.exchange(code, pkce.verifier()));
		assertThat(active(tokens.get("access_token").asString())).isTrue();

		assertThat(error(this.client.exchange(code, pkce.verifier()))).isEqualTo("invalid_grant");
		assertThat(active(tokens.get("access_token").asString())).isFalse();
		assertThat(active(tokens.get("refresh_token").asString())).isFalse();
		assertThat(error(this.client.refresh(tokens.get("refresh_token").asString()))).isEqualTo("invalid_grant");
	}

	@Test
	void anExpiredCodeIsInvalidGrant() throws Exception {
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String code = ProviderClient.code(this.client.authorize(signedIn(), "openid", pkce, Map.of()));
		// Spring Authorization Server reads the system clock for a code's expiry: the code is made old instead
		try (java.sql.Connection db = TestDatabase.connect(); var update = db.prepareStatement(
				"UPDATE oidc_authorizations SET code_issued_at = now() - interval '10 minutes', code_expires_at = now() - interval '5 minutes' WHERE code_hash = sha256(convert_to(?, 'UTF8'))")) {
			update.setString(1, code);
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
		assertThat(error(this.client.exchange(code, pkce.verifier()))).isEqualTo("invalid_grant");
	}

	@Test
	void aCodeOfAnotherClientIsInvalidGrant() {
		ProviderClient.Pkce pkce = ProviderClient.pkce();
		String code = ProviderClient.code(this.client.authorize(signedIn(), "openid", pkce, Map.of()));
		ProviderClient other = new ProviderClient(baseUrl(), TWO_FACTOR_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET,
				CLIENT_REDIRECT_URI);
		assertThat(error(other.exchange(code, pkce.verifier()))).isEqualTo("invalid_grant");
	}

	@Test
	void aWrongMissingOrUnknownClientSecretIsInvalidClient() throws Exception {
		long before = issuedTokens();
		for (ProviderClient caller : new ProviderClient[] {
				new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET + "x", CLIENT_REDIRECT_URI),
				new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID, null, CLIENT_REDIRECT_URI),
				new ProviderClient(baseUrl(), "no-such-client", "whatever-secret", CLIENT_REDIRECT_URI) }) {
			HttpResponse<String> response = caller.token(Map.of("grant_type", "client_credentials"));
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(error(response)).isEqualTo("invalid_client");
			assertThat(caller.introspect("anything").statusCode()).isEqualTo(401);
			assertThat(caller.revoke("anything").statusCode()).isEqualTo(401);
		}
		assertThat(issuedTokens()).isEqualTo(before);
	}

	@Test
	void garbageAtEveryEndpointIsAFourHundredNeverAFiveHundred() {
		String[] bodies = { "", "grant_type=authorization_code", "grant_type=refresh_token&refresh_token=",
				"grant_type=authorization_code&code=%00%ff", "grant_type=refresh_token&refresh_token=x&scope=openid%20admin",
				"token=", "token=x&token_type_hint=nonsense" };
		for (String path : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" }) {
			for (String body : bodies) {
				HttpResponse<String> response = this.client.post(path, ProviderClient.query("http://x/?" + body));
				assertThat(response.statusCode()).as(path + " " + body).isBetween(200, 499);
			}
		}
		assertThat(new Browser().get(url("/oauth2/authorize")).statusCode()).isEqualTo(400);
		assertThat(new Browser().get(url("/oauth2/authorize?client_id=" + CONFIDENTIAL_CLIENT_ID + "&response_type=code&prompt=none%20login&scope=openid&redirect_uri="
				+ ProviderClient.encode(CLIENT_REDIRECT_URI))).statusCode()).isEqualTo(302);
		assertThat(this.client.userinfo("not-a-token").statusCode()).isEqualTo(401);
	}

	private boolean active(String token) {
		return ProviderClient.json(this.client.introspect(token)).get("active").asBoolean();
	}

	private static String error(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
		return ProviderClient.json(response).get("error").asString();
	}

	private static Browser signedIn() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signedIn("op-bad-" + UUID.randomUUID(), "op-bad@example.com");
		return browser;
	}

	private static long authorizations() throws Exception {
		try (java.sql.Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM oidc_authorizations");
		}
	}

	private static long issuedTokens() throws Exception {
		try (java.sql.Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM oidc_authorizations WHERE access_hash IS NOT NULL");
		}
	}
}
