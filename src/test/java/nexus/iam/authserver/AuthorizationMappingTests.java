package nexus.iam.authserver;

import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import nexus.iam.authserver.AuthorizationMapping.TokenKind;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationMappingTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private final AuthorizationMapping mapping = new AuthorizationMapping(JsonMapper.builder().build());

	private final SessionPrincipal principal = new SessionPrincipal(UUID.randomUUID(), UUID.randomUUID(),
			List.of("google", "otp"), NOW.minus(1, ChronoUnit.HOURS));

	@Test
	void roundTripKeepsThePrincipalTheRequestAndTheTokensAsHashes() {
		OAuth2Authorization original = authorization();
		StoredAuthorization stored = this.mapping.toStored(original);
		assertThat(stored.refresh().hash()).isEqualTo(TokenHashes.ofPresented("refresh-value"));
		assertThat(stored.requestJson()).doesNotContain("code-value", "refresh-value", "access-value");
		assertThat(stored.accessJti()).isEqualTo("jti-1");

		OAuth2Authorization read = this.mapping.toAuthorization(withVersion(stored), "refresh-value",
				TokenKind.REFRESH_TOKEN);
		assertThat((Object) read.getAttribute(Principal.class.getName())).isEqualTo(this.principal);
		SessionPrincipal readPrincipal = read.getAttribute(Principal.class.getName());
		assertThat(readPrincipal.amr()).containsExactly("google", "otp");
		assertThat(readPrincipal.authTime()).isEqualTo(this.principal.authTime());
		OAuth2AuthorizationRequest request = read.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(request.getRedirectUri()).isEqualTo("https://app.example/callback");
		assertThat(request.getScopes()).containsExactlyInAnyOrder("openid", "email");
		assertThat(request.getAdditionalParameters()).containsEntry("nonce", "n-1").containsEntry("code_challenge", "abc");
		assertThat(read.getRefreshToken().getToken().getTokenValue()).isEqualTo("refresh-value");
		assertThat(read.getAccessToken().getToken().getTokenValue()).isNotEqualTo("access-value");
		assertThat(read.getAccessToken().getClaims()).containsEntry("iat", NOW).containsEntry("sid", "s-1");
		assertThat(read.getToken(OidcIdToken.class).getToken().getClaims()).containsEntry("auth_time",
				NOW.minus(1, ChronoUnit.HOURS));
		assertThat(read.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isTrue();
		assertThat(read.getAuthorizedScopes()).containsExactlyInAnyOrder("openid", "email");
	}

	@Test
	void savingAnAuthorizationReadBackKeepsTheHashesOfTheTokensNotPresented() {
		StoredAuthorization stored = withVersion(this.mapping.toStored(authorization()));
		OAuth2Authorization read = this.mapping.toAuthorization(stored, "refresh-value", TokenKind.REFRESH_TOKEN);
		StoredAuthorization again = this.mapping.toStored(read);
		assertThat(again.access().hash()).isEqualTo(stored.access().hash());
		assertThat(again.code().hash()).isEqualTo(stored.code().hash());
		assertThat(again.idToken().hash()).isEqualTo(stored.idToken().hash());
		assertThat(again.version()).isEqualTo(3L);
		assertThat(again.refreshHashAtRead()).isEqualTo(stored.refresh().hash());
	}

	@Test
	void aPresentedStandInNeverMatchesTheTokenItStandsFor() {
		byte[] hash = TokenHashes.ofPresented("secret-token");
		String standIn = TokenHashes.standIn(hash);
		assertThat(TokenHashes.ofSaved(standIn)).isEqualTo(hash);
		assertThat(TokenHashes.ofPresented(standIn)).isNotEqualTo(hash);
	}

	private static StoredAuthorization withVersion(StoredAuthorization stored) {
		return new StoredAuthorization(stored.id(), stored.registeredClientId(), stored.principalName(),
				stored.grantType(), stored.authorizedScopes(), stored.session(), stored.requestJson(),
				stored.consentStateHash(), stored.code(), stored.access(), stored.accessJti(), stored.accessScopes(),
				stored.accessClaimsJson(), stored.refresh(), stored.idToken(), stored.idTokenClaimsJson(), 3L,
				stored.refresh().hash());
	}

	private OAuth2Authorization authorization() {
		RegisteredClient client = RegisteredClient.withId("reg-1")
			.clientId("app")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example/callback")
			.build();
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://id.example/oauth2/authorize")
			.clientId("app")
			.redirectUri("https://app.example/callback")
			.scopes(Set.of("openid", "email"))
			.state("st")
			.additionalParameters(Map.of("nonce", "n-1", "code_challenge", "abc"))
			.build();
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-value", NOW,
				NOW.plusSeconds(600), Set.of("openid", "email"));
		OidcIdToken id = new OidcIdToken("id-value", NOW, NOW.plusSeconds(600),
				Map.of("sub", "u", "auth_time", NOW.minus(1, ChronoUnit.HOURS)));
		return OAuth2Authorization.withRegisteredClient(client)
			.principalName(this.principal.getName())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("openid", "email"))
			.attribute(Principal.class.getName(), this.principal)
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.token(new OAuth2AuthorizationCode("code-value", NOW, NOW.plusSeconds(300)),
					(metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.token(access, (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
					Map.of("jti", "jti-1", "iat", NOW, "sid", "s-1", "scope", "email openid")))
			.refreshToken(new OAuth2RefreshToken("refresh-value", NOW, NOW.plusSeconds(3600)))
			.token(id, (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, id.getClaims()))
			.build();
	}
}
