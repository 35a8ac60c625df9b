package nexus.iam.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.RawHttp;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TestOidcProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** Security headers, CORS and trusted proxies, over real HTTP. */
class BrowserPoliciesIntegrationTests extends IntegrationTest {

	@Test
	void everyKindOfResponseCarriesTheSecurityHeaders() {
		Browser signedIn = new Browser();
		new SignInFlow(signedIn, baseUrl()).signIn("google-" + UUID.randomUUID(), "headers@example.com");
		Browser anonymous = new Browser();
		assertSecurityHeaders(anonymous.get(url("/")), 200);
		assertSecurityHeaders(anonymous.get(url("/api/me")), 401);
		assertSecurityHeaders(signedIn.get(url("/api/nothing-here")), 404);
		assertSecurityHeaders(anonymous.get(url("/api/auth/google/login")), 302);
		assertSecurityHeaders(anonymous.get(url("/css/nexus.css")), 200);
		assertSecurityHeaders(anonymous.send(url("/api/auth/refresh"), (r) -> r.POST(HttpRequest.BodyPublishers.noBody())),
				401);
	}

	@Test
	void contentSecurityPolicyLetsFormsGoOnlyToUsAndTheProviders() {
		String csp = new Browser().get(url("/")).headers().firstValue("Content-Security-Policy").orElseThrow();
		String google = TestOidcProvider.get().issuer().replaceAll("(https?://[^/]+).*", "$1");
		assertThat(csp).contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
				"frame-ancestors 'none'", "form-action 'self' " + google)
			.doesNotContain("unsafe-inline", "*");
	}

	@Test
	void hstsOnlyWhenTheClientReachedUsOverHttpsAtATrustedProxy() {
		assertThat(new Browser().get(url("/")).headers().firstValue("Strict-Transport-Security")).isEmpty();
		String spoofed = RawHttp.get("127.0.0.1", port(), "/", "X-Forwarded-Proto: https");
		assertThat(spoofed).doesNotContainIgnoringCase("Strict-Transport-Security");
		String proxied = RawHttp.get("127.0.0.2", port(), "/", "X-Forwarded-Proto: https");
		assertThat(proxied).contains("Strict-Transport-Security: max-age=31536000 ; includeSubDomains");
	}

	@Test
	void corsPreflightWhenAllowedOriginThenCredentialedAndCached() {
		HttpResponse<String> preflight = preflight("https://app.nexus.test");
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.nexus.test");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");
	}

	@Test
	void corsWhenOriginNotAllowedThenNoCorsHeaders() {
		HttpResponse<String> preflight = preflight("https://evil.example");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(preflight.statusCode()).isEqualTo(403);
		HttpResponse<String> actual = new Browser().send(url("/.well-known/jwks.json"),
				(r) -> r.header("Origin", "https://evil.example"));
		assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(actual.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void corsActualRequestWhenAllowedOriginThenAllowedNeverWildcard() {
		HttpResponse<String> actual = new Browser().send(url("/.well-known/jwks.json"),
				(r) -> r.header("Origin", "https://app.nexus.test"));
		assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.nexus.test");
		assertThat(actual.headers().firstValue("Vary").orElse("")).contains("Origin");
	}

	@Test
	void clientAddressFromForwardedForOnlyWhenThePeerIsATrustedProxy() throws Exception {
		String untrustedAgent = "untrusted-" + UUID.randomUUID();
		String trustedAgent = "trusted-" + UUID.randomUUID();
		// a callback without sign-in state is refused and audited with the client's address
		RawHttp.get("127.0.0.1", port(), "/api/auth/google/callback?state=x&code=y", "User-Agent: " + untrustedAgent,
				"X-Forwarded-For: 203.0.113.66");
		RawHttp.get("127.0.0.2", port(), "/api/auth/google/callback?state=x&code=y", "User-Agent: " + trustedAgent,
				"X-Forwarded-For: 198.51.100.1, 203.0.113.9, 127.0.0.2");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_agent = ?"
					+ " AND ip_address = '127.0.0.1'::inet", untrustedAgent))
				.as("spoofed X-Forwarded-For from an untrusted peer is ignored")
				.isEqualTo(1);
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_agent = ?"
					+ " AND ip_address = '203.0.113.9'::inet", trustedAgent))
				.as("the right-most address that is not a trusted proxy")
				.isEqualTo(1);
		}
	}

	@Test
	void oversizedBodyThen413ProblemAndNothingRead() {
		HttpResponse<String> response = new Browser().send(url("/api/auth/refresh"),
				(r) -> r.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + "a".repeat(20_000) + "\"}")));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"payload_too_large\"");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).as("security headers on a 413 too")
			.hasValue("nosniff");
	}

	@Test
	void forwardedForSpreadOverSeveralHeaderLinesThenAllLinesCount() throws Exception {
		String agent = "lines-" + UUID.randomUUID();
		// a proxy that adds a line of its own instead of appending: the last line is the one it wrote
		RawHttp.get("127.0.0.2", port(), "/api/auth/google/callback?state=x&code=y", "User-Agent: " + agent,
				"X-Forwarded-For: 192.0.2.1", "X-Forwarded-For: 203.0.113.77");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE user_agent = ?"
					+ " AND ip_address = '203.0.113.77'::inet", agent))
				.isEqualTo(1);
		}
	}

	@Test
	void oversizedHeaderThen4xxProblemNotAnHtmlPage() {
		String response = RawHttp.get("127.0.0.1", port(), "/", "X-Padding: " + "a".repeat(20_000));
		assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json");
	}

	private static HttpResponse<String> preflight(String origin) {
		return new Browser().send(url("/api/auth/refresh"),
				(r) -> r.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
					.header("Origin", origin)
					.header("Access-Control-Request-Method", "POST")
					.header("Access-Control-Request-Headers", "content-type"));
	}

	private static void assertSecurityHeaders(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		var headers = response.headers();
		assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
		assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
		assertThat(headers.firstValue("Permissions-Policy").orElse("")).contains("camera=()", "geolocation=()");
		assertThat(headers.firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
		assertThat(headers.firstValue("X-XSS-Protection")).hasValue("0");
	}

	private static int port() {
		return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
	}
}
