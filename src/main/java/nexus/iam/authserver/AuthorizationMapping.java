package nexus.iam.authserver;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

/**
 * Spring Authorization Server's {@link OAuth2Authorization} to the stored row and back, without Java
 * serialization: the principal becomes the Nexus session's columns, the authorization request a
 * small JSON document, tokens their hashes (see {@link TokenHashes}) and claims JSON.
 */
final class AuthorizationMapping {

	/** Attributes an authorization read back carries, for the next save. */
	static final String VERSION = "nexus.version";

	static final String REFRESH_HASH_AT_READ = "nexus.refresh_hash_at_read";

	private static final Set<String> TIME_CLAIMS = Set.of("iat", "exp", "nbf", "auth_time");

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper json;

	AuthorizationMapping(JsonMapper json) {
		this.json = json;
	}

	StoredAuthorization toStored(OAuth2Authorization authorization) {
		StoredAuthorization.Session session = null;
		if (authorization.getAttribute(Principal.class.getName()) instanceof SessionPrincipal principal) {
			session = new StoredAuthorization.Session(principal.userId(), principal.sessionId(), principal.amr(),
					principal.authTime());
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		String consentState = authorization.getAttribute(OAuth2ParameterNames.STATE);
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		Object jti = (access != null && access.getClaims() != null) ? access.getClaims().get("jti") : null;
		return new StoredAuthorization(authorization.getId(), authorization.getRegisteredClientId(),
				authorization.getPrincipalName(), authorization.getAuthorizationGrantType().getValue(),
				List.copyOf(authorization.getAuthorizedScopes()), session,
				(request != null) ? requestJson(request) : null,
				(consentState != null) ? TokenHashes.ofSaved(consentState) : null,
				token(authorization.getToken(OAuth2AuthorizationCode.class)), token(access),
				(jti != null) ? jti.toString() : null,
				(access != null) ? List.copyOf(access.getToken().getScopes()) : List.of(),
				(access != null && access.getClaims() != null) ? claimsJson(access.getClaims()) : null,
				token(authorization.getRefreshToken()), token(idToken),
				(idToken != null) ? claimsJson(idToken.getToken().getClaims()) : null,
				authorization.getAttribute(VERSION), authorization.getAttribute(REFRESH_HASH_AT_READ));
	}

	/**
	 * The authorization as Spring Authorization Server works with it.
	 * @param presented the value the client presented, given to the token it matched
	 * @param matched which of the stored hashes it matched, or null for a look-up by id
	 */
	OAuth2Authorization toAuthorization(StoredAuthorization stored, @Nullable String presented,
			@Nullable TokenKind matched) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(clientWithId(stored))
			.id(stored.id())
			.principalName(stored.principalName())
			.authorizationGrantType(new AuthorizationGrantType(stored.grantType()))
			.authorizedScopes(new HashSet<>(stored.authorizedScopes()))
			.attribute(VERSION, stored.version());
		if (stored.refresh() != null) {
			builder.attribute(REFRESH_HASH_AT_READ, stored.refresh().hash());
		}
		if (stored.session() != null) {
			StoredAuthorization.Session session = stored.session();
			builder.attribute(Principal.class.getName(),
					new SessionPrincipal(session.userId(), session.sessionId(), session.amr(), session.authTime()));
		}
		if (stored.requestJson() != null) {
			builder.attribute(OAuth2AuthorizationRequest.class.getName(), request(stored.requestJson()));
		}
		if (stored.consentStateHash() != null) {
			builder.attribute(OAuth2ParameterNames.STATE,
					value(stored.consentStateHash(), TokenKind.STATE, presented, matched));
		}
		if (stored.code() != null) {
			StoredAuthorization.Token code = stored.code();
			add(builder, new OAuth2AuthorizationCode(value(code.hash(), TokenKind.CODE, presented, matched),
					code.issuedAt(), code.expiresAt()), code, null);
		}
		if (stored.access() != null) {
			StoredAuthorization.Token access = stored.access();
			OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
					value(access.hash(), TokenKind.ACCESS_TOKEN, presented, matched), access.issuedAt(),
					access.expiresAt(), new HashSet<>(stored.accessScopes()));
			add(builder, token, access, stored.accessClaimsJson());
		}
		if (stored.refresh() != null) {
			StoredAuthorization.Token refresh = stored.refresh();
			add(builder, new OAuth2RefreshToken(value(refresh.hash(), TokenKind.REFRESH_TOKEN, presented, matched),
					refresh.issuedAt(), refresh.expiresAt()), refresh, null);
		}
		if (stored.idToken() != null && stored.idTokenClaimsJson() != null) {
			StoredAuthorization.Token id = stored.idToken();
			Map<String, Object> claims = claims(stored.idTokenClaimsJson());
			add(builder, new OidcIdToken(value(id.hash(), TokenKind.ID_TOKEN, presented, matched), id.issuedAt(),
					id.expiresAt(), claims), id, stored.idTokenClaimsJson());
		}
		return builder.build();
	}

	private void add(OAuth2Authorization.Builder builder, OAuth2Token token, StoredAuthorization.Token stored,
			@Nullable String claimsJson) {
		Map<String, Object> claims = (claimsJson != null) ? claims(claimsJson) : null;
		builder.token(token, (metadata) -> {
			metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, stored.invalidated());
			if (claims != null) {
				metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
			}
			if (token instanceof OAuth2AccessToken) {
				metadata.put(OAuth2TokenFormat.class.getName(), OAuth2TokenFormat.SELF_CONTAINED.getValue());
			}
		});
	}

	private static String value(byte[] hash, TokenKind kind, @Nullable String presented, @Nullable TokenKind matched) {
		return (kind == matched && presented != null) ? presented : TokenHashes.standIn(hash);
	}

	/** The authorization builder needs a client only for its id; the client itself is looked up where it matters. */
	private static RegisteredClient clientWithId(StoredAuthorization stored) {
		return RegisteredClient.withId(stored.registeredClientId())
			.clientId(stored.registeredClientId())
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS) // the one grant that needs nothing more
			.build();
	}

	private static StoredAuthorization.@Nullable Token token(OAuth2Authorization.@Nullable Token<?> token) {
		if (token == null) {
			return null;
		}
		OAuth2Token value = token.getToken();
		return new StoredAuthorization.Token(TokenHashes.ofSaved(value.getTokenValue()), value.getIssuedAt(),
				value.getExpiresAt(), token.isInvalidated());
	}

	private String requestJson(OAuth2AuthorizationRequest request) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("authorization_uri", request.getAuthorizationUri());
		document.put("client_id", request.getClientId());
		document.put("redirect_uri", request.getRedirectUri());
		document.put("scopes", List.copyOf(request.getScopes()));
		document.put("state", request.getState());
		Map<String, Object> additional = new LinkedHashMap<>();
		request.getAdditionalParameters().forEach((name, value) -> additional.put(name,
				(value instanceof Object[] values) ? List.of(values) : value));
		document.put("additional_parameters", additional);
		return this.json.writeValueAsString(document);
	}

	@SuppressWarnings("unchecked")
	private OAuth2AuthorizationRequest request(String requestJson) {
		Map<String, Object> document = this.json.readValue(requestJson, MAP);
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri((String) document.get("authorization_uri"))
			.clientId((String) document.get("client_id"))
			.redirectUri((String) document.get("redirect_uri"))
			.scopes(new HashSet<>((List<String>) document.get("scopes")))
			.state((String) document.get("state"))
			.additionalParameters((Map<String, Object>) document.get("additional_parameters"))
			.build();
	}

	/** Times as epoch seconds, as in a JWT. */
	private String claimsJson(Map<String, Object> claims) {
		Map<String, Object> plain = new LinkedHashMap<>();
		claims.forEach((name, value) -> plain.put(name, switch (value) {
			case Instant instant -> instant.getEpochSecond();
			case java.util.Date date -> date.toInstant().getEpochSecond();
			case java.net.URL url -> url.toString();
			case Set<?> set -> new ArrayList<>(set);
			default -> value;
		}));
		return this.json.writeValueAsString(plain);
	}

	private Map<String, Object> claims(String claimsJson) {
		Map<String, Object> claims = new LinkedHashMap<>(this.json.readValue(claimsJson, MAP));
		for (String name : TIME_CLAIMS) {
			if (claims.get(name) instanceof Number seconds) {
				claims.put(name, Instant.ofEpochSecond(seconds.longValue()));
			}
		}
		return claims;
	}

	/** Which stored token a presented value matched. */
	enum TokenKind {
		STATE, CODE, ACCESS_TOKEN, REFRESH_TOKEN, ID_TOKEN
	}
}
