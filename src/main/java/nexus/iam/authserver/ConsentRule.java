package nexus.iam.authserver;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

import nexus.iam.clientregistry.ClientOptions;

/**
 * Whether the user is asked: never for a first-party client (registered by an administrator), nor
 * for {@code openid} alone; else unless a remembered consent covers every requested scope.
 */
final class ConsentRule {

	private ConsentRule() {
	}

	static boolean required(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		return required(ClientOptions.firstParty(context.getRegisteredClient()),
				context.getAuthorizationRequest().getScopes(), context.getAuthorizationConsent());
	}

	static boolean required(boolean firstParty, Set<String> requested, @Nullable OAuth2AuthorizationConsent remembered) {
		if (firstParty || requested.equals(Set.of("openid"))) {
			return false;
		}
		return remembered == null || !remembered.getScopes().containsAll(requested);
	}
}
