package nexus.iam.clientregistry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every client meets, from the settings or a registration (RFC 7591 §2): the decision
 * alone, no Spring, so that each rule is a row of a table in {@code ClientRulesTests}.
 */
final class ClientRules {

	static final int MAX_URIS = 20;

	static final int MAX_SCOPES = 50;

	static final int MAX_NAME = 200;

	/** RFC 6749 §3.3's scope-token, at most 100 characters. */
	private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

	private ClientRules() {
	}

	/** Every problem of the client, the redirect URIs' first; empty when it may be registered. */
	static List<ClientProblem> problems(ClientDefinition client) {
		List<ClientProblem> problems = new ArrayList<>();
		redirectUris(client, problems);
		grants(client, problems);
		authentication(client, problems);
		uris("post_logout_redirect_uris", client.postLogoutRedirectUris(), problems);
		if (client.backchannelLogoutUri() != null) {
			uris("backchannel_logout_uri", List.of(client.backchannelLogoutUri()), problems);
		}
		if (client.scopes().size() > MAX_SCOPES || !client.scopes().stream().allMatch((s) -> SCOPE.matcher(s).matches())) {
			problems.add(ClientProblem.metadata("scope must be at most " + MAX_SCOPES
					+ " scope tokens of RFC 6749 §3.3, each at most 100 characters"));
		}
		String name = client.name();
		if (name != null && (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
			problems.add(ClientProblem.metadata("client_name must be 1 to " + MAX_NAME + " characters, no control characters"));
		}
		lifetimes(client, problems);
		return problems;
	}

	private static void redirectUris(ClientDefinition client, List<ClientProblem> problems) {
		if (client.grantTypes().contains(GrantType.AUTHORIZATION_CODE) && client.redirectUris().isEmpty()) {
			problems.add(ClientProblem.redirectUri("redirect_uris are required by the authorization_code grant"));
		}
		if (client.redirectUris().size() > MAX_URIS) {
			problems.add(ClientProblem.redirectUri("redirect_uris may hold at most " + MAX_URIS + " URIs"));
			return;
		}
		for (URI uri : client.redirectUris()) {
			UriRules.problem(uri.toString())
				.ifPresent((why) -> problems.add(ClientProblem.redirectUri("each of redirect_uris " + why)));
		}
	}

	private static void uris(String member, List<URI> uris, List<ClientProblem> problems) {
		if (uris.size() > MAX_URIS) {
			problems.add(ClientProblem.metadata(member + " may hold at most " + MAX_URIS + " URIs"));
			return;
		}
		for (URI uri : uris) {
			UriRules.problem(uri.toString()).ifPresent((why) -> problems.add(ClientProblem.metadata(member + " " + why)));
		}
	}

	private static void grants(ClientDefinition client, List<ClientProblem> problems) {
		Set<GrantType> grants = client.grantTypes();
		if (grants.isEmpty()) {
			problems.add(ClientProblem.metadata("grant_types must name at least one grant"));
		}
		if (grants.contains(GrantType.REFRESH_TOKEN) && !grants.contains(GrantType.AUTHORIZATION_CODE)) {
			problems.add(ClientProblem.metadata("grant_types: refresh_token needs authorization_code"));
		}
	}

	private static void authentication(ClientDefinition client, List<ClientProblem> problems) {
		if (client.isPublic() && !client.grantTypes().equals(Set.of(GrantType.AUTHORIZATION_CODE))) {
			problems.add(ClientProblem.metadata(
					"token_endpoint_auth_method none (a public client) allows the authorization_code grant only, with PKCE"));
		}
		boolean keys = client.jwksUri() != null || client.jwks() != null;
		if (client.authenticationMethod() == AuthenticationMethod.PRIVATE_KEY_JWT && !keys) {
			problems.add(ClientProblem.metadata("private_key_jwt needs jwks_uri or jwks"));
		}
		if (client.jwksUri() != null && client.jwks() != null) {
			problems.add(ClientProblem.metadata("jwks_uri and jwks must not both be present (RFC 7591 §2)"));
		}
		URI jwksUri = client.jwksUri();
		if (jwksUri != null) {
			UriRules.problem(jwksUri.toString()).ifPresent((why) -> problems.add(ClientProblem.metadata("jwks_uri " + why)));
		}
	}

	private static void lifetimes(ClientDefinition client, List<ClientProblem> problems) {
		if (outside(client.accessTokenLifetime(), Duration.ofMinutes(1), Duration.ofHours(1))) {
			problems.add(ClientProblem.metadata("the access-token lifetime must be between 1m and 1h"));
		}
		if (outside(client.refreshTokenLifetime(), Duration.ofHours(1), Duration.ofDays(30))) {
			problems.add(ClientProblem.metadata("the refresh-token lifetime must be between 1h and 30d"));
		}
	}

	private static boolean outside(Duration value, Duration min, Duration max) {
		return value.compareTo(min) < 0 || value.compareTo(max) > 0;
	}
}
