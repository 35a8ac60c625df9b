package nexus.iam.authserver;

import java.time.Clock;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.authserver.AuthorizationMapping.TokenKind;
import nexus.iam.revocation.RevocationService;

/**
 * The authorizations of the provider in PostgreSQL, so that every node sees them: tokens stored
 * hashed, the principal and the authorization request in columns and JSON (never Java
 * serialization). A save of an authorization read earlier is a compare-and-set on its version, so
 * of two refreshes of one token on any nodes only one rotates it. A rotated refresh token is kept
 * as spent, for reuse detection; a revoked access token goes onto Nexus's deny-list too, so that
 * every node refuses it at once.
 */
class PostgresAuthorizationService implements OAuth2AuthorizationService {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final AuthorizationRepository repository;

	private final AuthorizationMapping mapping;

	private final RevocationService revocations;

	private final Clock clock;

	PostgresAuthorizationService(AuthorizationRepository repository, AuthorizationMapping mapping,
			RevocationService revocations, Clock clock) {
		this.repository = repository;
		this.mapping = mapping;
		this.revocations = revocations;
		this.clock = clock;
	}

	@Override
	@Transactional
	public void save(OAuth2Authorization authorization) {
		StoredAuthorization stored = this.mapping.toStored(authorization);
		java.time.Instant now = this.clock.instant();
		if (stored.version() == null) {
			this.repository.insert(stored, now);
			return;
		}
		if (!this.repository.update(stored, stored.version(), now)) {
			throw new ConcurrentRotationException();
		}
		byte[] before = stored.refreshHashAtRead();
		if (before != null && (stored.refresh() == null || !TokenHashes.same(before, stored.refresh().hash()))) {
			this.repository.spend(before, stored.id(), now);
		}
		if (stored.access() != null && stored.access().invalidated() && stored.accessJti() != null
				&& stored.access().expiresAt() != null) {
			// per token: the session's other tokens keep working
			this.revocations.revokeAccessToken(stored.accessJti(), stored.access().expiresAt());
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.repository.delete(authorization.getId());
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.repository.findById(id).map((stored) -> this.mapping.toAuthorization(stored, null, null)).orElse(null);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		byte[] hash = TokenHashes.ofPresented(token);
		if (tokenType == null) {
			return this.repository.findByAnyHash(hash)
				.map((stored) -> this.mapping.toAuthorization(stored, token, matched(stored, hash)))
				.orElse(null);
		}
		TokenKind kind = kindOf(tokenType);
		if (kind == null) {
			return null;
		}
		return this.repository.findByHash(column(kind), hash)
			.map((stored) -> this.mapping.toAuthorization(stored, token, kind))
			.orElse(null);
	}

	/** Ends every token of the authorization, its access token through the deny-list too. */
	@Transactional
	public void revokeAll(String authorizationId) {
		this.repository.revoke(authorizationId)
			.ifPresent((access) -> this.revocations.revokeAccessToken(access.jti(), access.expiresAt()));
	}

	/** The authorization whose rotated refresh token this is, if it is one. */
	Optional<String> spentRefreshTokenOwner(String refreshToken) {
		return this.repository.spentBy(TokenHashes.ofPresented(refreshToken));
	}

	private static @Nullable TokenKind kindOf(OAuth2TokenType type) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(type)) {
			return TokenKind.ACCESS_TOKEN;
		}
		if (OAuth2TokenType.REFRESH_TOKEN.equals(type)) {
			return TokenKind.REFRESH_TOKEN;
		}
		if (CODE.equals(type)) {
			return TokenKind.CODE;
		}
		if (ID_TOKEN.equals(type)) {
			return TokenKind.ID_TOKEN;
		}
		if (STATE.equals(type)) {
			return TokenKind.STATE;
		}
		return null;
	}

	private static String column(TokenKind kind) {
		return switch (kind) {
			case STATE -> "consent_state_hash";
			case CODE -> "code_hash";
			case ACCESS_TOKEN -> "access_hash";
			case REFRESH_TOKEN -> "refresh_hash";
			case ID_TOKEN -> "id_token_hash";
		};
	}

	private static @Nullable TokenKind matched(StoredAuthorization stored, byte[] hash) {
		if (stored.access() != null && TokenHashes.same(stored.access().hash(), hash)) {
			return TokenKind.ACCESS_TOKEN;
		}
		if (stored.refresh() != null && TokenHashes.same(stored.refresh().hash(), hash)) {
			return TokenKind.REFRESH_TOKEN;
		}
		if (stored.code() != null && TokenHashes.same(stored.code().hash(), hash)) {
			return TokenKind.CODE;
		}
		if (stored.idToken() != null && TokenHashes.same(stored.idToken().hash(), hash)) {
			return TokenKind.ID_TOKEN;
		}
		return TokenKind.STATE;
	}

	/** Another request rotated the same refresh token first: this one loses, as with an unknown token. */
	static final class ConcurrentRotationException extends OAuth2AuthenticationException {

		ConcurrentRotationException() {
			super(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The refresh token was used concurrently", null));
		}
	}
}
