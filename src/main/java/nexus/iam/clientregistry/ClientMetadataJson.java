package nexus.iam.clientregistry;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client metadata as JSON (RFC 7591 §2, OpenID Connect RP-Initiated and Back-Channel Logout),
 * read into a {@link ClientDefinition} and written back as the registration response's metadata.
 * Members Nexus does not know are ignored (RFC 7591 §2); JSON {@code null} counts as absent. Two
 * Nexus extensions: {@value #FIRST_PARTY} (default true: the administrator registers it, so it
 * skips consent; false gives it the consent page) and {@value #REQUIRE_TWO_FACTOR}.
 */
final class ClientMetadataJson {

	static final String FIRST_PARTY = "nexus_first_party";

	static final String REQUIRE_TWO_FACTOR = "nexus_require_two_factor";

	/** Nexus signs ID tokens with its ES256 keys, and only so. */
	static final String ID_TOKEN_ALGORITHM = "ES256";

	static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email", "groups", "offline_access");

	static final Set<String> ASSERTION_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
			"PS256", "PS384", "PS512");

	/** Registered clients' token lifetimes: those of Nexus's own tokens. */
	static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

	static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(7);

	/** Informational members, kept and given back as sent (after their checks). */
	private static final List<String> INFORMATION_URIS = List.of("client_uri", "logo_uri", "tos_uri", "policy_uri");

	private static final int MAX_CONTACTS = 10;

	private static final int MAX_TEXT = 200;

	private ClientMetadataJson() {
	}

	/**
	 * Registered metadata: what makes the client, and the informational members as they will be
	 * given back.
	 */
	record Metadata(ClientDefinition definition, Map<String, Object> information) {
	}

	/** The metadata, or why not: exactly one of the two. */
	record Parsed(@Nullable Metadata metadata, List<ClientProblem> problems) {
	}

	static Parsed parse(JsonNode body, String clientId) {
		Reader reader = new Reader(body);
		if (!body.isObject()) {
			return new Parsed(null, List.of(ClientProblem.metadata("the body must be a JSON object")));
		}
		List<URI> redirectUris = reader.uris("redirect_uris", RegistrationError.INVALID_REDIRECT_URI);
		List<URI> postLogout = reader.uris("post_logout_redirect_uris", RegistrationError.INVALID_CLIENT_METADATA);
		Set<GrantType> grants = reader.grantTypes();
		reader.responseTypes(grants);
		AuthenticationMethod method = reader.authenticationMethod();
		URI jwksUri = reader.uri("jwks_uri");
		String jwks = reader.jwks();
		String assertionAlgorithm = reader.assertionAlgorithm(method);
		List<String> scopes = reader.scopes();
		String name = reader.text("client_name");
		URI backchannel = reader.uri("backchannel_logout_uri");
		boolean sessionRequired = reader.flag("backchannel_logout_session_required", false);
		boolean firstParty = reader.flag(FIRST_PARTY, true);
		boolean twoFactor = reader.flag(REQUIRE_TWO_FACTOR, false);
		String idTokenAlgorithm = reader.text("id_token_signed_response_alg");
		if (idTokenAlgorithm != null && !ID_TOKEN_ALGORITHM.equals(idTokenAlgorithm)) {
			reader.problems.add(ClientProblem.metadata("id_token_signed_response_alg must be " + ID_TOKEN_ALGORITHM));
		}
		Map<String, Object> information = reader.information();
		if (!reader.problems.isEmpty()) {
			return new Parsed(null, List.copyOf(reader.problems));
		}
		ClientDefinition definition = new ClientDefinition(clientId, name, redirectUris, postLogout, grants, method,
				jwksUri, jwks, assertionAlgorithm, scopes, firstParty, twoFactor, false, backchannel,
				sessionRequired, ACCESS_TOKEN_LIFETIME, REFRESH_TOKEN_LIFETIME);
		List<ClientProblem> problems = ClientRules.problems(definition);
		return problems.isEmpty() ? new Parsed(new Metadata(definition, information), List.of())
				: new Parsed(null, problems);
	}

	/** The registered metadata, as the registration response and the stored row hold it. */
	static Map<String, Object> render(Metadata metadata, JsonMapper json) {
		ClientDefinition client = metadata.definition();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("client_id", client.clientId());
		if (client.name() != null) {
			out.put("client_name", client.name());
		}
		out.put("redirect_uris", client.redirectUris().stream().map(URI::toString).toList());
		out.put("post_logout_redirect_uris", client.postLogoutRedirectUris().stream().map(URI::toString).toList());
		List<String> grants = EnumSet.copyOf(client.grantTypes()).stream().map(GrantType::value).toList();
		out.put("grant_types", grants);
		out.put("response_types",
				client.grantTypes().contains(GrantType.AUTHORIZATION_CODE) ? List.of("code") : List.of());
		out.put("token_endpoint_auth_method", client.authenticationMethod().value());
		if (client.tokenEndpointSigningAlgorithm() != null) {
			out.put("token_endpoint_auth_signing_alg", client.tokenEndpointSigningAlgorithm());
		}
		if (client.jwksUri() != null) {
			out.put("jwks_uri", client.jwksUri().toString());
		}
		if (client.jwks() != null) {
			out.put("jwks", json.readTree(client.jwks()));
		}
		out.put("scope", String.join(" ", client.scopes()));
		out.put("id_token_signed_response_alg", ID_TOKEN_ALGORITHM);
		if (client.backchannelLogoutUri() != null) {
			out.put("backchannel_logout_uri", client.backchannelLogoutUri().toString());
			out.put("backchannel_logout_session_required", client.backchannelLogoutSessionRequired());
		}
		out.putAll(metadata.information());
		out.put(FIRST_PARTY, client.firstParty());
		out.put(REQUIRE_TWO_FACTOR, client.requireTwoFactor());
		return out;
	}

	/** Reads members one by one, noting every problem rather than stopping at the first. */
	private static final class Reader {

		private final JsonNode body;

		private final List<ClientProblem> problems = new ArrayList<>();

		Reader(JsonNode body) {
			this.body = body;
		}

		private @Nullable JsonNode member(String name) {
			JsonNode node = this.body.isObject() ? this.body.get(name) : null;
			return (node == null || node.isNull()) ? null : node;
		}

		@Nullable List<String> strings(String name, RegistrationError error) {
			JsonNode node = member(name);
			if (node == null) {
				return null;
			}
			if (!node.isArray() || !node.values().stream().allMatch(JsonNode::isString)) {
				this.problems.add(new ClientProblem(error, name + " must be an array of strings"));
				return List.of();
			}
			return node.values().stream().map(JsonNode::stringValue).toList();
		}

		List<URI> uris(String name, RegistrationError error) {
			List<String> values = strings(name, error);
			if (values == null) {
				return List.of();
			}
			if (values.size() > ClientRules.MAX_URIS) {
				this.problems.add(new ClientProblem(error, name + " may hold at most " + ClientRules.MAX_URIS + " URIs"));
				return List.of();
			}
			Set<URI> uris = new LinkedHashSet<>();
			for (String value : values) {
				var problem = UriRules.problem(value);
				if (problem.isPresent()) {
					this.problems.add(new ClientProblem(error, "each of " + name + " " + problem.get()));
				}
				else {
					uris.add(URI.create(value));
				}
			}
			return List.copyOf(uris);
		}

		@Nullable URI uri(String name) {
			String value = text(name, UriRules.MAX_LENGTH);
			if (value == null) {
				return null;
			}
			var problem = UriRules.problem(value);
			if (problem.isPresent()) {
				this.problems.add(ClientProblem.metadata(name + " " + problem.get()));
				return null;
			}
			return URI.create(value);
		}

		@Nullable String text(String name) {
			return text(name, MAX_TEXT);
		}

		@Nullable String text(String name, int maxLength) {
			JsonNode node = member(name);
			if (node == null) {
				return null;
			}
			if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > maxLength
					|| node.stringValue().chars().anyMatch(Character::isISOControl)) {
				this.problems.add(ClientProblem.metadata(
						name + " must be a string of 1 to " + maxLength + " characters, no control characters"));
				return null;
			}
			return node.stringValue();
		}

		boolean flag(String name, boolean absent) {
			JsonNode node = member(name);
			if (node == null) {
				return absent;
			}
			if (!node.isBoolean()) {
				this.problems.add(ClientProblem.metadata(name + " must be true or false"));
				return absent;
			}
			return node.booleanValue();
		}

		Set<GrantType> grantTypes() {
			List<String> values = strings("grant_types", RegistrationError.INVALID_CLIENT_METADATA);
			if (values == null) {
				return Set.of(GrantType.AUTHORIZATION_CODE); // RFC 7591 §2's default
			}
			Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
			for (String value : values) {
				GrantType.of(value).ifPresentOrElse(grants::add, () -> this.problems.add(ClientProblem.metadata(
						"grant_types may hold only authorization_code, refresh_token and client_credentials"
								+ " (no implicit, no password grant)")));
			}
			return grants;
		}

		/** RFC 7591 §2.1: the response types must go with the grant types. */
		void responseTypes(Set<GrantType> grants) {
			List<String> values = strings("response_types", RegistrationError.INVALID_CLIENT_METADATA);
			if (values == null) {
				return;
			}
			boolean code = grants.contains(GrantType.AUTHORIZATION_CODE);
			if (!values.stream().allMatch("code"::equals) || values.contains("code") != code) {
				this.problems.add(ClientProblem.metadata(
						"response_types must be [\"code\"] with the authorization_code grant, and empty without"));
			}
		}

		AuthenticationMethod authenticationMethod() {
			String value = text("token_endpoint_auth_method");
			if (value == null) {
				return AuthenticationMethod.CLIENT_SECRET_BASIC; // RFC 7591 §2's default
			}
			return AuthenticationMethod.of(value).orElseGet(() -> {
				this.problems.add(ClientProblem.metadata("token_endpoint_auth_method must be client_secret_basic,"
						+ " client_secret_post, none or private_key_jwt"));
				return AuthenticationMethod.CLIENT_SECRET_BASIC;
			});
		}

		@Nullable String assertionAlgorithm(AuthenticationMethod method) {
			String value = text("token_endpoint_auth_signing_alg");
			if (method != AuthenticationMethod.PRIVATE_KEY_JWT) {
				if (value != null) {
					this.problems.add(ClientProblem.metadata("token_endpoint_auth_signing_alg goes with private_key_jwt only"));
				}
				return null;
			}
			if (value == null) {
				return "RS256"; // what Spring Authorization Server expects when none is named
			}
			if (!ASSERTION_ALGORITHMS.contains(value)) {
				this.problems.add(ClientProblem.metadata("token_endpoint_auth_signing_alg must be one of "
						+ String.join(", ", ASSERTION_ALGORITHMS.stream().sorted().toList())));
				return null;
			}
			return value;
		}

		/** An inline JWK set of public keys only, kept as JSON. */
		@Nullable String jwks() {
			JsonNode node = member("jwks");
			if (node == null) {
				return null;
			}
			try {
				JWKSet set = JWKSet.parse(node.toString());
				if (set.getKeys().isEmpty() || set.getKeys().size() > 10 || set.getKeys().stream().anyMatch(JWK::isPrivate)) {
					this.problems.add(ClientProblem.metadata("jwks must hold 1 to 10 public keys, no private ones"));
					return null;
				}
				return set.toString(true);
			}
			catch (ParseException ex) {
				this.problems.add(ClientProblem.metadata("jwks must be a JWK set (RFC 7517)"));
				return null;
			}
		}

		List<String> scopes() {
			JsonNode node = member("scope");
			if (node == null) {
				return DEFAULT_SCOPES;
			}
			if (!node.isString() || node.stringValue().isBlank()) {
				this.problems.add(ClientProblem.metadata("scope must be a string of space-separated scopes"));
				return List.of();
			}
			return List.copyOf(new LinkedHashSet<>(List.of(node.stringValue().trim().split(" +"))));
		}

		Map<String, Object> information() {
			Map<String, Object> information = new LinkedHashMap<>();
			for (String name : INFORMATION_URIS) {
				URI uri = uri(name);
				if (uri != null) {
					information.put(name, uri.toString());
				}
			}
			List<String> contacts = strings("contacts", RegistrationError.INVALID_CLIENT_METADATA);
			if (contacts != null) {
				if (contacts.size() > MAX_CONTACTS || contacts.stream()
					.anyMatch((c) -> c.isBlank() || c.length() > 254 || c.chars().anyMatch(Character::isISOControl))) {
					this.problems.add(ClientProblem.metadata(
							"contacts must hold at most " + MAX_CONTACTS + " addresses of at most 254 characters"));
				}
				else {
					information.put("contacts", contacts);
				}
			}
			for (String name : List.of("software_id", "software_version")) {
				String value = text(name);
				if (value != null) {
					information.put(name, value);
				}
			}
			return information;
		}
	}
}
