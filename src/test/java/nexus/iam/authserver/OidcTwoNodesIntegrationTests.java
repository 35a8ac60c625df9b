package nexus.iam.authserver;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionEndReason;
import nexus.iam.session.SessionService;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.SignInFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes behind one public URL: a code issued by one is exchanged at the other, a refresh
 * token rotated at one is recognised as reused at the other, and a session ended at one ends its
 * clients' tokens at the other.
 */
class OidcTwoNodesIntegrationTests extends IntegrationTest {

	@Autowired
	SessionService sessions;

	@Test
	void authorizationsAndTheirEndAreSharedByEveryNode() {
		try (Node other = Node.start(nodeSettings())) {
			ProviderClient here = new ProviderClient(baseUrl(), CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET,
					CLIENT_REDIRECT_URI);
			ProviderClient there = new ProviderClient(other.url(""), CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET,
					CLIENT_REDIRECT_URI);
			Browser browser = new Browser();
			var nexus = new SignInFlow(browser, baseUrl()).signedIn("op-nodes-" + UUID.randomUUID(), "op-nodes@example.com");
			ProviderClient.Pkce pkce = ProviderClient.pkce();
			String code = ProviderClient.code(here.authorize(browser, "openid email", pkce, Map.of()));

			HttpResponse<String> exchanged = there.exchange(code, pkce.verifier());
			assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
			JsonNode first = ProviderClient.json(exchanged);
			JsonNode second = ProviderClient.json(here.refresh(first.get("refresh_token").asString()));
			assertThat(there.userinfo(second.get("access_token").asString()).statusCode()).isEqualTo(200);

			// the first refresh token, rotated here, presented there: reuse, the family ends on both
			assertThat(ProviderClient.json(there.refresh(first.get("refresh_token").asString())).get("error").asString())
				.isEqualTo("invalid_grant");
			assertThat(ProviderClient.json(here.introspect(second.get("access_token").asString())).get("active").asBoolean())
				.isFalse();

			// a new authorization, and the Nexus session ended here: its tokens die there too
			ProviderClient.Pkce again = ProviderClient.pkce();
			JsonNode fresh = ProviderClient.json(there.exchange(
					ProviderClient.code(here.authorize(browser, "openid", again, Map.of())), again.verifier()));
			assertThat(ProviderClient.json(there.introspect(fresh.get("access_token").asString())).get("active").asBoolean())
				.isTrue();
			this.sessions.revoke(UUID.fromString(nexus.sessionId()), SessionEndReason.SIGN_OUT, new ClientContext(null, null));
			assertThat(ProviderClient.json(there.introspect(fresh.get("access_token").asString())).get("active").asBoolean())
				.isFalse();
			assertThat(there.userinfo(fresh.get("access_token").asString()).statusCode()).isEqualTo(401);
			assertThat(ProviderClient.json(there.refresh(fresh.get("refresh_token").asString())).get("error").asString())
				.isEqualTo("invalid_grant");
		}
	}
}
