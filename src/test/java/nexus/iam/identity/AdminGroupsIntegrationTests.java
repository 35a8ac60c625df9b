package nexus.iam.identity;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET}/{@code PUT /api/admin/users/{id}/groups}: the service token sets a user's groups. */
class AdminGroupsIntegrationTests extends IntegrationTest {

	@Test
	void putThenGetWhenServiceTokenThenTheGroupsAreSetSortedAndOnce() {
		String userId = signIn().userId();

		HttpResponse<String> put = put(userId, "{\"groups\":[\"ops\",\"admins\",\"ops\"]}", ADMIN_TOKEN);
		HttpResponse<String> get = get(userId, ADMIN_TOKEN);

		assertThat(put.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(put).get("groups").toString()).isEqualTo("[\"admins\",\"ops\"]");
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(TokenClient.json(get).get("user_id").asString()).isEqualTo(userId);
		assertThat(TokenClient.json(get).get("groups").toString()).isEqualTo("[\"admins\",\"ops\"]");
	}

	@Test
	void putWhenGroupsIsNotAListOfNamesThenInvalidRequest() {
		String userId = signIn().userId();

		for (String body : new String[] { "{\"groups\":\"admins\"}", "{\"groups\":[1]}", "{}",
				"{\"groups\":[\"Admins!\"]}" }) {
			HttpResponse<String> put = put(userId, body, ADMIN_TOKEN);
			assertThat(put.statusCode()).as(body).isEqualTo(400);
			assertThat(TokenClient.json(put).get("code").asString()).as(body).isEqualTo("invalid_request");
		}
		assertThat(TokenClient.json(get(userId, ADMIN_TOKEN)).get("groups")).isEmpty();
	}

	@Test
	void putWhenTheUserIsUnknownThenNotFound() {
		assertThat(put(UUID.randomUUID().toString(), "{\"groups\":[\"ops\"]}", ADMIN_TOKEN).statusCode())
			.isEqualTo(404);
	}

	@Test
	void groupsWhenNotTheServiceTokenThenUnauthorizedAndNothingChanges() {
		SignedIn user = signIn();

		assertThat(put(user.userId(), "{\"groups\":[\"admins\"]}", user.tokens().access()).statusCode())
			.isEqualTo(401);
		assertThat(put(user.userId(), "{\"groups\":[\"admins\"]}", "wrong-" + ADMIN_TOKEN).statusCode())
			.isEqualTo(401);
		assertThat(get(user.userId(), user.tokens().access()).statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(get(user.userId(), ADMIN_TOKEN)).get("groups")).isEmpty();
	}

	private static SignedIn signIn() {
		Tokens tokens = new SignInFlow(new Browser(), baseUrl()).signedIn("groups-" + UUID.randomUUID(),
				"groups@example.com");
		return new SignedIn(tokens.userId(), tokens);
	}

	private static HttpResponse<String> get(String userId, String bearer) {
		return TokenClient.get(url("/api/admin/users/" + userId + "/groups"), bearer);
	}

	private static HttpResponse<String> put(String userId, String json, String bearer) {
		return new Browser().send(url("/api/admin/users/" + userId + "/groups"),
				(r) -> r.header("Authorization", "Bearer " + bearer)
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	private record SignedIn(String userId, Tokens tokens) {
	}
}
