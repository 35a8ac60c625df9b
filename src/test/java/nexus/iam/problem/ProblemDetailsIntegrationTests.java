package nexus.iam.problem;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring's own errors and the container's are problem details with a code, never a stack trace. */
class ProblemDetailsIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Browser browser;

	@Autowired
	private DataSource dataSource;

	/** Not in a field initialiser: the first test class of a run is made before the service starts. */
	@BeforeEach
	void signIn() {
		this.browser = signedIn();
	}

	@Test
	void unknownPathWhenSignedInThenNotFoundProblem() {
		assertProblem(this.browser.get(url("/api/nothing-here")), 404, "not_found");
	}

	@Test
	void unknownPathWhenAnonymousThenUnauthenticatedProblem() {
		// deny by default: an anonymous caller learns nothing about which paths exist
		assertProblem(new Browser().get(url("/api/nothing-here")), 401, "unauthenticated");
	}

	@Test
	void wrongMethodThenMethodNotAllowedProblem() {
		String bearer = "Bearer " + this.browser.cookies().get("nexus_access");
		assertProblem(new Browser().send(url("/api/me"), (r) -> r.header("Authorization", bearer).DELETE()), 405,
				"method_not_allowed");
	}

	@Test
	void errorPageThenProblemWithoutInternals() {
		HttpResponse<String> response = this.browser.send(url("/error"),
				(r) -> r.method("GET", HttpRequest.BodyPublishers.noBody()));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.has("code")).isTrue();
		assertThat(body.has("trace")).isFalse();
		assertThat(body.has("exception")).isFalse();
	}

	@Test
	void noFreeDatabaseConnectionThenServiceUnavailableNotInternalError() throws Exception {
		String bearer = "Bearer " + this.browser.cookies().get("nexus_access");
		List<Connection> held = new ArrayList<>();
		HttpResponse<String> response;
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		try {
			// take every pooled connection, as a burst of slow requests would
			for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
				held.add(this.dataSource.getConnection());
			}
			response = new Browser().send(url("/api/me/sessions"), (r) -> r.header("Authorization", bearer).GET());
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		assertProblem(response, 503, "service_unavailable");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(new Browser().send(url("/api/me/sessions"), (r) -> r.header("Authorization", bearer).GET())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void everyErrorCodeHasAStableTypeAndTitle() {
		for (ErrorCode code : ErrorCode.values()) {
			assertThat(code.code()).matches("[a-z_]+");
			assertThat(code.type().toString()).isEqualTo("urn:nexus:problem:" + code.code());
			assertThat(code.title()).isNotBlank();
		}
	}

	private static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("code").asString()).isEqualTo(code);
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	private static Browser signedIn() {
		Browser browser = new Browser();
		new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "problems@example.com");
		return browser;
	}
}
