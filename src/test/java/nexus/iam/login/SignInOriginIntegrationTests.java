package nexus.iam.login;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.RawHttp;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TestOidcProvider;
import nexus.iam.testsupport.TestSmtp;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a sign-in records about where it came from (device from the User-Agent, address through
 * the trusted proxy, place from the GeoIP database) and the security e-mails that depend on it.
 */
class SignInOriginIntegrationTests extends IntegrationTest {

	private static final String FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0";

	private static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

	private static final String LONDON = "81.2.69.160";

	private static final String MILTON_US = "216.160.83.56";

	private final TokenClient client = new TokenClient(baseUrl());

	@Test
	void sessionRecordsDeviceAndPlaceSeenThroughTheTrustedProxy() {
		String access = signInThroughProxy("origin-" + UUID.randomUUID(), "origin@example.com", FIREFOX_WINDOWS, LONDON);

		JsonNode session = TokenClient.json(sessions(access)).get("sessions").get(0);

		assertThat(session.get("device_type").asString()).isEqualTo("desktop");
		assertThat(session.get("browser").asString()).isEqualTo("Firefox 120");
		assertThat(session.get("os").asString()).isEqualTo("Windows 10");
		assertThat(session.get("ip_address").asString()).isEqualTo(LONDON);
		assertThat(session.get("location").asString()).isEqualTo("London, United Kingdom");
	}

	@Test
	void forwardedForFromAnUntrustedPeerIsIgnored() {
		Browser browser = new Browser();
		String callback = startSignIn(browser, "origin-" + UUID.randomUUID(), "origin@example.com");
		browser.send(callback, (r) -> r.header("X-Forwarded-For", LONDON).header("User-Agent", SAFARI_IPHONE).GET());

		JsonNode session = TokenClient.json(sessions(TokenClient.Tokens.of(browser).access())).get("sessions").get(0);

		assertThat(session.get("ip_address").asString()).isEqualTo("127.0.0.1");
		assertThat(session.has("location")).as("loopback has no place").isFalse();
		assertThat(session.get("device_type").asString()).isEqualTo("mobile");
	}

	@Test
	void signInFromANewDeviceOrCountrySendsAnEmailAndAFamiliarOneDoesNot() throws Exception {
		String subject = "origin-" + UUID.randomUUID();
		String email = subject + "@example.com";
		signInThroughProxy(subject, email, FIREFOX_WINDOWS, LONDON);
		signInThroughProxy(subject, email, FIREFOX_WINDOWS.replace("120.0", "121.0"), LONDON);
		assertThat(awaitMessages(email, 0)).as("first sign-in, then the same device after a browser update").isEmpty();

		signInThroughProxy(subject, email, SAFARI_IPHONE, LONDON);
		List<MimeMessage> afterNewDevice = awaitMessages(email, 1);
		assertThat(afterNewDevice.get(0).getSubject()).isEqualTo("New sign-in to your Nexus account");
		assertThat(text(afterNewDevice.get(0))).contains("Mobile Safari").contains("London, United Kingdom");

		signInThroughProxy(subject, email, FIREFOX_WINDOWS, MILTON_US);
		List<MimeMessage> afterNewCountry = awaitMessages(email, 2);
		assertThat(text(afterNewCountry.get(1))).contains(MILTON_US).contains("United States");
	}

	@Test
	void signingASessionOutFromAnotherSendsAnEmail() throws Exception {
		String subject = "origin-" + UUID.randomUUID();
		String email = subject + "@example.com";
		String first = signInThroughProxy(subject, email, FIREFOX_WINDOWS, LONDON);
		String second = signInThroughProxy(subject, email, FIREFOX_WINDOWS, LONDON);

		HttpResponse<String> deleted = new Browser().send(url("/api/me/sessions/" + sid(second)),
				(r) -> r.header("Authorization", "Bearer " + first).DELETE());

		assertThat(deleted.statusCode()).isEqualTo(204);
		MimeMessage message = awaitMessages(email, 1).get(0);
		assertThat(message.getSubject()).isEqualTo("A session of your Nexus account was signed out");
		assertThat(text(message)).contains("Firefox 120").contains("London, United Kingdom");
	}

	@Test
	void signingOutEverywhereSendsAnEmail() throws Exception {
		String subject = "origin-" + UUID.randomUUID();
		String email = subject + "@example.com";
		String first = signInThroughProxy(subject, email, FIREFOX_WINDOWS, LONDON);
		signInThroughProxy(subject, email, FIREFOX_WINDOWS, LONDON);

		new Browser().send(url("/api/me/sessions/revoke-all"), (r) -> r.header("Authorization", "Bearer " + first)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"keep_current\": true}")));

		assertThat(awaitMessages(email, 1).get(0).getSubject()).isEqualTo("Your Nexus sessions were signed out");
	}

	@Test
	void refreshTokenReuseSendsAnEmail() throws Exception {
		String subject = "origin-" + UUID.randomUUID();
		String email = subject + "@example.com";
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn(subject, email);
		String stolen = TokenClient.Tokens.of(browser).refresh();
		assertThat(this.client.refresh(stolen).statusCode()).isEqualTo(200);
		this.clock.advance(java.time.Duration.ofMinutes(1));

		assertThat(this.client.refresh(stolen).statusCode()).isEqualTo(401);

		assertThat(awaitMessages(email, 1).get(0).getSubject())
			.isEqualTo("A session of your Nexus account was ended for your safety");
	}

	/** The whole sign-in; the callback arrives through the trusted proxy (127.0.0.2) for the client. */
	private String signInThroughProxy(String subject, String email, String userAgent, String clientAddress) {
		Browser browser = new Browser();
		URI callback = URI.create(startSignIn(browser, subject, email));
		String cookies = String.join("; ", browser.cookies().entrySet().stream().map((c) -> c.getKey() + "=" + c.getValue()).toList());
		String response = RawHttp.get("127.0.0.2", callback.getPort(), callback.getRawPath() + "?" + callback.getRawQuery(),
				"Cookie: " + cookies, "User-Agent: " + userAgent, "X-Forwarded-For: " + clientAddress);
		assertThat(response).startsWith("HTTP/1.1 302");
		for (String line : response.split("\r\n")) {
			if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
				for (HttpCookie cookie : HttpCookie.parse(line)) {
					if (cookie.getName().equals("nexus_access")) {
						return cookie.getValue();
					}
				}
			}
		}
		throw new AssertionError("no access-token cookie in " + response);
	}

	private static String startSignIn(Browser browser, String subject, String email) {
		TestOidcProvider.get().nextSignIn(subject, email);
		return new SignInFlow(browser, baseUrl()).startAndAuthorize("");
	}

	private static HttpResponse<String> sessions(String access) {
		return new Browser().send(url("/api/me/sessions"), (r) -> r.header("Authorization", "Bearer " + access).GET());
	}

	private static String sid(String access) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Waits for e-mails sent through the outbox; for 0, waits a while to be sure none comes. */
	private static List<MimeMessage> awaitMessages(String address, int expected) throws InterruptedException {
		List<MimeMessage> messages = new ArrayList<>();
		for (int attempt = 0; attempt < (expected == 0 ? 30 : 150); attempt++) {
			messages = TestSmtp.messagesTo(address);
			if (expected > 0 && messages.size() >= expected) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(messages).hasSize(expected);
		return messages;
	}

	private static String text(MimeMessage message) throws Exception {
		jakarta.mail.Multipart parts = (jakarta.mail.Multipart) message.getContent();
		return parts.getBodyPart(0).getContent().toString();
	}
}
