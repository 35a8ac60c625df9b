package nexus.iam.authserver;

import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

import nexus.iam.backchannel.EndSessionEndpoint;
import nexus.iam.clientregistry.ClientRegistrationEndpoint;

/**
 * What discovery announces beyond Spring Authorization Server's defaults
 * ({@code /.well-known/openid-configuration}, and the OAuth metadata of RFC 8414): the scopes and
 * claims Nexus gives, its two {@code acr} values, ES256 (Nexus's keys), only the grants it allows, the
 * registration endpoint (clientregistry) and back-channel logout (backchannel package).
 */
final class Discovery {

	static final List<String> SCOPES = List.of("openid", "profile", "email", "groups", "offline_access");

	static final List<String> CLAIMS = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "azp", "sid",
			"amr", "acr", "email", "email_verified", "name", "groups");

	private static final List<String> GRANTS = List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
			AuthorizationGrantType.REFRESH_TOKEN.getValue(), AuthorizationGrantType.CLIENT_CREDENTIALS.getValue());

	private Discovery() {
	}

	static void customize(OidcProviderConfiguration.Builder configuration) {
		configuration.scopes(Discovery::scopes)
			.grantTypes(Discovery::grants)
			.responseTypes(Discovery::responseTypes)
			.clientRegistrationEndpoint(registrationEndpoint())
			.idTokenSigningAlgorithms((algorithms) -> {
				algorithms.clear();
				algorithms.add("ES256");
			})
			.claim("claims_supported", CLAIMS)
			.claim("acr_values_supported", List.of(Acr.ONE_FACTOR, Acr.TWO_FACTORS))
			.claim("prompt_values_supported", List.of("none", "login"));
		// one sign-out: the end-session endpoint and back-channel logout (backchannel package)
		EndSessionEndpoint.discoveryMetadata(AuthorizationServerContextHolder.getContext().getIssuer())
			.forEach(configuration::claim);
	}

	static void customize(OAuth2AuthorizationServerMetadata.Builder metadata) {
		metadata.scopes(Discovery::scopes)
			.grantTypes(Discovery::grants)
			.responseTypes(Discovery::responseTypes)
			.clientRegistrationEndpoint(registrationEndpoint());
	}

	private static void scopes(List<String> scopes) {
		scopes.clear();
		scopes.addAll(SCOPES);
	}

	private static void grants(List<String> grants) {
		grants.clear();
		grants.addAll(GRANTS);
	}

	private static void responseTypes(List<String> types) {
		types.clear();
		types.add("code");
	}

	private static String registrationEndpoint() {
		return ClientRegistrationEndpoint.url(AuthorizationServerContextHolder.getContext().getIssuer());
	}
}
