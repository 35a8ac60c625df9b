package nexus.iam.login;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestAppleProvider;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign in with Apple against a real OIDC server playing Apple: form_post callbacks posted the way
 * Apple's page posts them, Apple's claim shapes (from the test data), the name that only the
 * first callback carries, private relay addresses, and the client secret the service signs.
 */
class AppleSignInIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern FORM_FIELD = Pattern.compile("name=\"(\\w+)\" value=\"([^\"]*)\"");

	private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

	@Test
	void firstSignInStoresTheNameSecondHasNoneAndKeepsIt() throws Exception {
		String subject = appleSubject();
		TestAppleProvider.get().nextSignIn(subject, claims("id_token-claims.shared-email.booleans-with-nonce.json",
				"shared-" + UUID.randomUUID() + "@example.com"));
		Browser first = new Browser();
		HttpResponse<String> login = first.get(url("/api/auth/apple/login"));
		String stateCookie = Browser.setCookies(login).stream().filter((c) -> c.startsWith("nexus_login=")).findFirst().orElseThrow();
		assertThat(stateCookie).contains("SameSite=None").contains("Secure").contains("HttpOnly");
		assertThat(Browser.location(login)).contains("response_mode=form_post").contains("scope=openid+name+email");

		HttpResponse<String> callback = formPost(first, Browser.location(login), testdata("form_post-user.json"));

		assertThat(callback.statusCode()).isEqualTo(302);
		assertThat(me(first).get("name").asString()).isEqualTo("John Appleseed");

		Browser second = new Browser();
		assertThat(formPost(second, Browser.location(second.get(url("/api/auth/apple/login"))), null).statusCode())
			.isEqualTo(302);
		assertThat(me(second).get("id").asString()).isEqualTo(me(first).get("id").asString());
		assertThat(me(second).get("name").asString()).as("kept from the first authorization").isEqualTo("John Appleseed");
	}

	@Test
	void stringBooleansAndAPrivateRelayAddressAreUnderstood() throws Exception {
		String relay = "r" + UUID.randomUUID().toString().substring(0, 8) + "@privaterelay.appleid.com";
		TestAppleProvider.get().nextSignIn(appleSubject(),
				claims("id_token-claims.private-relay.string-booleans.json", relay));
		Browser browser = new Browser();

		formPost(browser, Browser.location(browser.get(url("/api/auth/apple/login"))), null);

		JsonNode identity = TokenClient.json(browser.get(url("/api/me/identities"))).get("identities").get(0);
		assertThat(identity.get("provider").asString()).isEqualTo("apple");
		assertThat(identity.get("email").asString()).isEqualTo(relay);
		assertThat(identity.get("email_verified").asBoolean()).as("the string \"true\"").isTrue();
		assertThat(browser.get(url("/account")).body()).contains("(private relay address)");
	}

	@Test
	void aRelayAddressIsNeverAnAddressMatchForTheMergeFlow() throws Exception {
		String relay = "r" + UUID.randomUUID().toString().substring(0, 8) + "@privaterelay.appleid.com";
		Browser existing = new Browser();
		assertThat(new SignInFlow(existing, baseUrl()).signIn("g-" + UUID.randomUUID(), relay).statusCode())
			.isEqualTo(302);
		TestAppleProvider.get().nextSignIn(appleSubject(),
				claims("id_token-claims.private-relay.string-booleans.json", relay));
		Browser browser = new Browser();

		HttpResponse<String> callback = formPost(browser, Browser.location(browser.get(url("/api/auth/apple/login"))),
				null);

		assertThat(Browser.location(callback)).isEqualTo(url("/"));
		assertThat(me(browser).get("id").asString()).isNotEqualTo(me(existing).get("id").asString());
	}

	@Test
	void wrongAudienceOrNonceIsRejected() throws Exception {
		Map<String, Object> claims = claims("id_token-claims.shared-email.booleans-with-nonce.json",
				"aud-" + UUID.randomUUID() + "@example.com");
		claims.put("aud", "com.someone.else");
		TestAppleProvider.get().nextSignIn(appleSubject(), claims);
		Browser browser = new Browser();
		HttpResponse<String> wrongAudience = formPost(browser,
				Browser.location(browser.get(url("/api/auth/apple/login"))), null);
		assertThat(wrongAudience.statusCode()).isEqualTo(400);
		assertThat(TokenClient.json(wrongAudience).get("code").asString()).isEqualTo("invalid_id_token");

		TestAppleProvider.get().nextSignIn(appleSubject(), claims("id_token-claims.shared-email.booleans-with-nonce.json",
				"nonce-" + UUID.randomUUID() + "@example.com"));
		Browser other = new Browser();
		// the provider puts into the ID token the nonce it was asked for: ask it for another one
		String authorize = Browser.location(other.get(url("/api/auth/apple/login")))
			.replaceAll("nonce=[^&]+", "nonce=not-the-flows-nonce");
		HttpResponse<String> wrongNonce = formPost(other, authorize, null);
		assertThat(wrongNonce.statusCode()).isEqualTo(400);
		assertThat(other.cookies()).doesNotContainKey("nexus_access");
	}

	@Test
	void theClientSecretIsAnEs256JwtSignedWithTheAppleKey() throws Exception {
		TestAppleProvider.get().nextSignIn(appleSubject(), claims("id_token-claims.shared-email.booleans-with-nonce.json",
				"secret-" + UUID.randomUUID() + "@example.com"));
		drainRequests();
		Browser browser = new Browser();
		formPost(browser, Browser.location(browser.get(url("/api/auth/apple/login"))), null);

		String clientSecret = tokenRequestParameter("client_secret");

		SignedJWT jwt = SignedJWT.parse(clientSecret);
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(TestAppleProvider.KEY_ID);
		assertThat(jwt.verify(new ECDSAVerifier(TestAppleProvider.get().publicKey()))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(TestAppleProvider.TEAM_ID);
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(TestAppleProvider.CLIENT_ID);
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://appleid.apple.com");
		long lifetimeDays = (jwt.getJWTClaimsSet().getExpirationTime().getTime()
				- jwt.getJWTClaimsSet().getIssueTime().getTime()) / 86_400_000L;
		assertThat(lifetimeDays).isBetween(1L, 180L);
	}

	@Test
	void linkGoogleThenAppleToOneUserBothSignInToIt() throws Exception {
		String email = "both-" + UUID.randomUUID() + "@example.com";
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn("g-" + UUID.randomUUID(), email).statusCode())
			.isEqualTo(302);
		String userId = me(browser).get("id").asString();
		String subject = appleSubject();
		TestAppleProvider.get().nextSignIn(subject, claims("id_token-claims.shared-email.booleans-with-nonce.json", email));
		String csrf = TokenClient.json(browser.get(url("/api/auth/csrf"))).get("token").asString();
		HttpResponse<String> started = browser.send(url("/api/me/identities"), (r) -> r
			.header("Content-Type", "application/json")
			.header("X-CSRF-Token", csrf)
			.POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"apple\"}")));

		HttpResponse<String> linked = formPost(browser, TokenClient.json(started).get("authorization_url").asString(),
				null);

		assertThat(Browser.location(linked)).isEqualTo(url("/account?notice=linked"));
		Browser viaApple = new Browser();
		formPost(viaApple, Browser.location(viaApple.get(url("/api/auth/apple/login"))), null);
		assertThat(me(viaApple).get("id").asString()).isEqualTo(userId);
	}

	/** The provider's authorize step, then its form posted as Apple's page posts it (plus {@code user}). */
	private static HttpResponse<String> formPost(Browser browser, String authorizationUrl, String userJson) {
		HttpResponse<String> page = browser.get(authorizationUrl);
		assertThat(page.statusCode()).as("the provider answers with its auto-submitting form").isEqualTo(200);
		Matcher action = FORM_ACTION.matcher(page.body());
		assertThat(action.find()).isTrue();
		Map<String, String> fields = new HashMap<>();
		Matcher field = FORM_FIELD.matcher(page.body());
		while (field.find()) {
			fields.put(field.group(1), field.group(2));
		}
		if (userJson != null) {
			fields.put("user", userJson);
		}
		StringBuilder body = new StringBuilder();
		fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		String origin = URI.create(TestAppleProvider.get().issuer()).resolve("/").toString().replaceAll("/$", "");
		// as a browser does with a cross-site POST: the SameSite=Lax cookies stay behind
		Map<String, String> lax = new HashMap<>();
		for (String name : List.of("nexus_access", "nexus_refresh")) {
			String value = browser.cookies().remove(name);
			if (value != null) {
				lax.put(name, value);
			}
		}
		try {
			return browser.send(action.group(1).replace("&amp;", "&"), (r) -> r
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Origin", origin)
				.header("Sec-Fetch-Site", "cross-site")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
		}
		finally {
			lax.forEach(browser.cookies()::putIfAbsent);
		}
	}

	private static Map<String, Object> claims(String file, String email) throws IOException {
		Map<String, Object> claims = JSON.readValue(testdata(file), Map.class);
		for (String set : List.of("iss", "aud", "exp", "iat", "sub", "nonce", "c_hash", "at_hash", "auth_time")) {
			claims.remove(set); // the provider sets these for each token
		}
		claims.put("email", email);
		return claims;
	}

	private static String testdata(String file) throws IOException {
		try (InputStream in = AppleSignInIntegrationTests.class.getResourceAsStream("/testdata/apple/" + file)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String appleSubject() {
		return "001234." + UUID.randomUUID().toString().replace("-", "") + ".0917";
	}

	private static JsonNode me(Browser browser) {
		HttpResponse<String> me = browser.get(url("/api/me"));
		assertThat(me.statusCode()).isEqualTo(200);
		return TokenClient.json(me);
	}

	private static void drainRequests() {
		while (TestAppleProvider.get().takeRequestNow() != null) {
			// earlier tests' requests
		}
	}

	private static String tokenRequestParameter(String name) {
		for (RecordedRequest request = TestAppleProvider.get().takeRequestNow(); request != null;
				request = TestAppleProvider.get().takeRequestNow()) {
			if (request.getPath() != null && request.getPath().endsWith("/token")) {
				for (String pair : request.getBody().readUtf8().split("&")) {
					String[] parts = pair.split("=", 2);
					if (parts[0].equals(name)) {
						return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
					}
				}
			}
		}
		throw new AssertionError("no token request with " + name);
	}
}
