package nexus.iam.web;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.RawHttp;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Header-based authentication ({@code nexus.auth.mode=both} in the tests): a trusted proxy's
 * {@code X-User-Id} or {@code X-User} authenticates; from anyone else those headers are ignored.
 */
class HeaderAuthenticationIntegrationTests extends IntegrationTest {

	@Test
	void userIdFromTheTrustedProxyAuthenticatesThatUser() {
		String userId = signUp("header-" + UUID.randomUUID() + "@example.com");

		String response = RawHttp.getWithBody("127.0.0.2", port(), "/api/me", "X-User-Id: " + userId);

		assertThat(response).startsWith("HTTP/1.1 200").contains("\"id\":\"" + userId + "\"").contains("\"proxy\"");
	}

	@Test
	void verifiedEmailFromTheTrustedProxyAuthenticatesThatUser() {
		String email = "header-" + UUID.randomUUID() + "@example.com";
		String userId = signUp(email);

		String response = RawHttp.getWithBody("127.0.0.2", port(), "/api/me", "X-User: " + email);

		assertThat(response).startsWith("HTTP/1.1 200").contains("\"id\":\"" + userId + "\"");
	}

	@Test
	void theSameHeadersFromAnUntrustedPeerAreIgnored() {
		String email = "header-" + UUID.randomUUID() + "@example.com";
		String userId = signUp(email);

		String viaBrowser = String.valueOf(new Browser()
			.send(url("/api/me"), (r) -> r.header("X-User-Id", userId).header("X-User", email).GET())
			.statusCode());
		String viaSocket = RawHttp.getWithBody("127.0.0.1", port(), "/api/me", "X-User-Id: " + userId);

		assertThat(viaBrowser).isEqualTo("401");
		assertThat(viaSocket).startsWith("HTTP/1.1 401");
	}

	@Test
	void aStateChangingRequestVouchedForByTheProxyIsRefusedWhenItComesFromAnotherSite() {
		String userId = signUp("header-" + UUID.randomUUID() + "@example.com");

		String crossSite = RawHttp.exchange("127.0.0.2", port(), "POST", "/api/me/sessions/revoke-all",
				"{\"keep_current\": true}", "X-User-Id: " + userId, "Content-Type: application/json",
				"Sec-Fetch-Site: cross-site");
		String sameSite = RawHttp.exchange("127.0.0.2", port(), "POST", "/api/me/sessions/revoke-all",
				"{\"keep_current\": true}", "X-User-Id: " + userId, "Content-Type: application/json",
				"Sec-Fetch-Site: same-origin");

		assertThat(crossSite).startsWith("HTTP/1.1 403").contains("csrf_token_invalid");
		assertThat(sameSite).startsWith("HTTP/1.1 200");
	}

	@Test
	void anUnknownUserOrAGarbageIdIsNotAuthenticated() {
		assertThat(RawHttp.getWithBody("127.0.0.2", port(), "/api/me", "X-User-Id: " + UUID.randomUUID()))
			.startsWith("HTTP/1.1 401");
		assertThat(RawHttp.getWithBody("127.0.0.2", port(), "/api/me", "X-User-Id: not-a-uuid"))
			.startsWith("HTTP/1.1 401");
		assertThat(RawHttp.getWithBody("127.0.0.2", port(), "/api/me", "X-User: nobody-" + UUID.randomUUID() + "@example.com"))
			.startsWith("HTTP/1.1 401");
	}

	private String signUp(String email) {
		Browser browser = new Browser();
		assertThat(new SignInFlow(browser, baseUrl()).signIn("header-" + UUID.randomUUID(), email).statusCode())
			.isEqualTo(302);
		return TokenClient.json(TokenClient.me(baseUrl(), Tokens.of(browser).access())).get("id").asString();
	}

	private static int port() {
		return URI.create(baseUrl()).getPort();
	}
}
