package nexus.iam.clientregistry;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import nexus.iam.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsClientsIntegrationTests extends IntegrationTest {

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	PasswordEncoder secrets;

	@Test
	void confidentialSettingsClientIsServedWithItsSecretHashed() {
		RegisteredClient client = this.clients.findByClientId(CONFIDENTIAL_CLIENT_ID);
		assertThat(client).isNotNull();
		assertThat(this.clients.findById(client.getId())).isEqualTo(client);
		assertThat(client.getClientSecret()).isNotEqualTo(CONFIDENTIAL_CLIENT_SECRET);
		assertThat(this.secrets.matches(CONFIDENTIAL_CLIENT_SECRET, client.getClientSecret())).isTrue();
		assertThat(this.secrets.matches(CONFIDENTIAL_CLIENT_SECRET + "x", client.getClientSecret())).isFalse();
		assertThat(client.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(client.getAuthorizationGrantTypes()).containsExactlyInAnyOrder(AuthorizationGrantType.AUTHORIZATION_CODE,
				AuthorizationGrantType.REFRESH_TOKEN, AuthorizationGrantType.CLIENT_CREDENTIALS);
		assertThat(client.getRedirectUris()).contains(CLIENT_REDIRECT_URI);
		assertThat(ClientOptions.firstParty(client)).isTrue();
		assertThat(ClientOptions.displayName(client)).isEqualTo("Test Confidential App");
		assertThat(ClientOptions.fromSettings(client)).isTrue();
		assertThat(ClientOptions.postLogoutRedirectUris(client)).extracting(Object::toString)
			.containsExactly("https://app.nexus.test/signed-out");
		assertThat(client.getTokenSettings().isReuseRefreshTokens()).isFalse();
	}

	@Test
	void publicSettingsClientRequiresPkceAndConsent() {
		RegisteredClient client = this.clients.findByClientId(PUBLIC_CLIENT_ID);
		assertThat(client).isNotNull();
		assertThat(client.getClientSecret()).isNull();
		assertThat(client.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
		assertThat(client.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(ClientOptions.firstParty(client)).isFalse();
		assertThat(ClientOptions.requiresTwoFactor(client)).isFalse();
		assertThat(ClientOptions.backchannelLogoutUri(client)).isEmpty();
	}

	@Test
	void unknownClientIsNotFound() {
		assertThat(this.clients.findByClientId("no-such-client")).isNull();
		assertThat(this.clients.findById("no-such-client")).isNull();
	}
}
