package nexus.iam.sso;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Base32Text;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.FreePorts;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.RawHttp;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forward-auth with a real nginx ({@code auth_request}) in front of an upstream that echoes the
 * headers it receives. nginx plays the trusted proxy (it connects to the service from 127.0.0.2);
 * the tools are told apart by their Host, as they would be in production.
 */
class ForwardAuthIntegrationTests extends IntegrationTest {

	private static HttpServer upstream;

	private static Process nginx;

	private static int nginxPort;

	private static Path nginxDir;

	@BeforeAll
	static void start() throws Exception {
		upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		upstream.createContext("/", (exchange) -> {
			String seen = exchange.getRequestHeaders()
				.entrySet()
				.stream()
				.map((header) -> "seen " + header.getKey().toLowerCase() + ": " + String.join(",", header.getValue()))
				.sorted()
				.collect(Collectors.joining("\n"));
			byte[] body = ("upstream\n" + seen + "\n").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		nginxPort = FreePorts.next();
		nginxDir = Files.createTempDirectory("nexus-nginx");
		Path config = nginxDir.resolve("nginx.conf");
		Files.writeString(config, nginxConfig(nginxPort, servicePort(), upstream.getAddress().getPort(), nginxDir));
		nginx = new ProcessBuilder(nginxBinary(), "-p", nginxDir.toString(), "-c", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(nginxDir.resolve("stdout.log").toFile())
			.start();
		awaitListening(nginxPort);
	}

	@AfterAll
	static void stop() {
		if (nginx != null) {
			nginx.destroy();
		}
		if (upstream != null) {
			upstream.stop(0);
		}
	}

	@Test
	void notSignedInThenBrowsersAreSentToSignInAndApiClientsGet401() {
		String browser = get("grafana.nexus.test", "/d/overview?orgId=1", "Accept: text/html");
		String api = get("grafana.nexus.test", "/api/health", "Accept: application/json");

		assertThat(status(browser)).isEqualTo(302);
		assertThat(header(browser, "Location")).isEqualTo(url("/?return_to=")
				+ java.net.URLEncoder.encode("http://grafana.nexus.test:" + nginxPort + "/d/overview?orgId=1",
						StandardCharsets.UTF_8));
		assertThat(status(api)).isEqualTo(401);
		assertThat(browser + api).doesNotContain("upstream");
	}

	@Test
	void signedInThenTheUpstreamSeesTheIdentityAndNeverTheClientsOwnRemoteUser() {
		Tokens tokens = signIn("sso-" + UUID.randomUUID() + "@example.com");

		String response = get("grafana.nexus.test", "/d/overview", "Accept: text/html",
				"Cookie: nexus_access=" + tokens.access(), "Remote-User: admin", "Remote-Groups: admins");

		assertThat(status(response)).isEqualTo(200);
		assertThat(response).contains("upstream").contains("seen remote-user: " + userId(tokens.access()));
		assertThat(response).doesNotContain("seen remote-user: admin").doesNotContain("seen remote-groups: admins");
		assertThat(response).contains("seen remote-email: sso-");
	}

	@Test
	void oneFactorOnATwoFactorHostIsSentToTheStepUp() {
		Tokens tokens = signIn("sso-" + UUID.randomUUID() + "@example.com");

		String browser = get("admin.nexus.test", "/", "Accept: text/html", "Cookie: nexus_access=" + tokens.access());
		String api = get("admin.nexus.test", "/", "Accept: application/json", "Cookie: nexus_access=" + tokens.access());

		assertThat(status(browser)).isEqualTo(302);
		assertThat(header(browser, "Location")).startsWith(url("/account/mfa/verify?rd="));
		assertThat(status(api)).isEqualTo(401);
		assertThat(browser + api).doesNotContain("upstream");
	}

	@Test
	void afterTheTotpStepUpATwoFactorHostLetsTheUserIn() throws Exception {
		Tokens tokens = signIn("sso-" + UUID.randomUUID() + "@example.com");
		JsonNode enrolment = TokenClient.json(post("/api/me/mfa/totp", tokens.access(), "{}"));
		byte[] secret = Base32Text.decode(enrolment.get("secret").asString());
		assertThat(post("/api/me/mfa/totp/confirm", tokens.access(), "{\"code\":\"" + totp(secret, 0) + "\"}")
			.statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(30)); // the confirmation spent this step's code

		HttpResponse<String> stepUp = post("/api/me/mfa/verify", tokens.access(),
				"{\"code\":\"" + totp(secret, 0) + "\"}");
		assertThat(stepUp.statusCode()).isEqualTo(200);
		String stepped = TokenClient.json(stepUp).get("access_token").asString();

		String response = get("admin.nexus.test", "/", "Accept: text/html", "Cookie: nexus_access=" + stepped);
		assertThat(status(response)).isEqualTo(200);
		assertThat(response).contains("seen remote-user: " + userId(stepped));
	}

	@Test
	void bypassAndDenyRulesAndTheDefaultBehave() {
		assertThat(status(get("public.nexus.test", "/", "Accept: text/html"))).isEqualTo(200);
		Tokens tokens = signIn("sso-" + UUID.randomUUID() + "@example.com");
		String denied = get("blocked.nexus.test", "/", "Cookie: nexus_access=" + tokens.access());
		String unknownHost = get("elsewhere.nexus.test", "/", "Cookie: nexus_access=" + tokens.access());

		assertThat(status(denied)).isEqualTo(403);
		assertThat(status(unknownHost)).as("no rule: deny by default").isEqualTo(403);
		assertThat(denied + unknownHost).doesNotContain("upstream");
	}

	@Test
	void aGroupRuleLetsOnlyItsMembersIn() {
		Tokens outsider = signIn("sso-" + UUID.randomUUID() + "@example.com");
		Tokens member = signIn("sso-" + UUID.randomUUID() + "@example.com");
		Browser admin = new Browser();
		admin.send(url("/api/admin/users/" + userId(member.access()) + "/groups"),
				(r) -> r.header("Authorization", "Bearer " + ADMIN_TOKEN)
					.header("Content-Type", "application/json")
					.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"groups\":[\"admins\"]}")));

		String refused = get("ops.nexus.test", "/", "Cookie: nexus_access=" + outsider.access());
		String allowed = get("ops.nexus.test", "/", "Cookie: nexus_access=" + member.access());

		assertThat(status(refused)).isEqualTo(403);
		assertThat(status(allowed)).isEqualTo(200);
		assertThat(allowed).contains("seen remote-groups: admins");
	}

	@Test
	void theEndpointAnswersOnlyTrustedProxies() {
		Tokens tokens = signIn("sso-" + UUID.randomUUID() + "@example.com");

		var direct = new Browser().send(url("/api/auth/verify"), (r) -> r.header("X-Forwarded-Host", "grafana.nexus.test")
			.header("Cookie", "nexus_access=" + tokens.access())
			.GET());

		assertThat(direct.statusCode()).isEqualTo(403);
	}

	private Tokens signIn(String email) {
		return new SignInFlow(new Browser(), baseUrl()).signedIn("sso-" + UUID.randomUUID(), email);
	}

	private String totp(byte[] secret, int stepOffset) throws Exception {
		var generator = new com.eatthepath.otp.TimeBasedOneTimePasswordGenerator();
		return generator.generateOneTimePasswordString(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA1"),
				this.clock.instant().plusSeconds(30L * stepOffset));
	}

	private static HttpResponse<String> post(String path, String bearer, String json) {
		return new Browser().send(url(path), (r) -> r.header("Authorization", "Bearer " + bearer)
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
	}

	private static String get(String host, String path, String... headers) {
		return RawHttp.request(nginxPort, host + ":" + nginxPort, path, headers);
	}

	private static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

	private static String header(String response, String name) {
		for (String line : response.split("\r\n")) {
			if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
				return line.substring(name.length() + 1).strip();
			}
		}
		throw new AssertionError("no " + name + " in\n" + response);
	}

	private static String userId(String access) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(access).getJWTClaimsSet().getSubject();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int servicePort() {
		return java.net.URI.create(baseUrl()).getPort();
	}

	private static String nginxBinary() {
		for (String candidate : new String[] { "/usr/sbin/nginx", "/usr/bin/nginx" }) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		throw new IllegalStateException("nginx is not installed: apt-get install nginx-light (.ci/run does)");
	}

	private static void awaitListening(int port) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (java.net.Socket socket = new java.net.Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IllegalStateException("nginx did not start:\n" + Files.readString(nginxDir.resolve("stdout.log"))
				+ Files.readString(nginxDir.resolve("error.log")));
	}

	/** What docs/sso.md recommends for nginx, pointed at the test's ports. */
	private static String nginxConfig(int port, int service, int upstreamPort, Path dir) {
		return """
				daemon off;
				master_process off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 64; }
				http {
				  access_log off;
				  client_body_temp_path %1$s/body;
				  proxy_temp_path %1$s/proxy;
				  fastcgi_temp_path %1$s/fastcgi;
				  uwsgi_temp_path %1$s/uwsgi;
				  scgi_temp_path %1$s/scgi;
				  server {
				    listen 127.0.0.1:%2$d;
				    location = /_nexus_auth {
				      internal;
				      proxy_pass http://127.0.0.1:%3$d/api/auth/verify?mode=auth-request;
				      proxy_bind 127.0.0.2;
				      proxy_pass_request_body off;
				      proxy_set_header Content-Length "";
				      proxy_set_header X-Forwarded-Host $http_host;
				      proxy_set_header X-Forwarded-Uri $request_uri;
				      proxy_set_header X-Forwarded-Method $request_method;
				      proxy_set_header X-Forwarded-Proto $scheme;
				      proxy_set_header X-Forwarded-For $remote_addr;
				    }
				    location / {
				      auth_request /_nexus_auth;
				      auth_request_set $nexus_user $upstream_http_remote_user;
				      auth_request_set $nexus_email $upstream_http_remote_email;
				      auth_request_set $nexus_name $upstream_http_remote_name;
				      auth_request_set $nexus_groups $upstream_http_remote_groups;
				      auth_request_set $nexus_redirect $upstream_http_x_auth_redirect;
				      error_page 401 = @nexus_signin;
				      proxy_set_header Remote-User $nexus_user;
				      proxy_set_header Remote-Email $nexus_email;
				      proxy_set_header Remote-Name $nexus_name;
				      proxy_set_header Remote-Groups $nexus_groups;
				      proxy_pass http://127.0.0.1:%4$d;
				    }
				    location @nexus_signin {
				      if ($nexus_redirect) { return 302 $nexus_redirect; }
				      return 401;
				    }
				  }
				}
				""".formatted(dir, port, service, upstreamPort);
	}
}
