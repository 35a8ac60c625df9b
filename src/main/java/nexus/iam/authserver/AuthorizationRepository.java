package nexus.iam.authserver;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code oidc_authorizations} and {@code oidc_spent_refresh_tokens}. */
@Repository
class AuthorizationRepository {

	private static final String COLUMNS = """
			id, registered_client_id, principal_name, grant_type, authorized_scopes, user_id, session_id, amr,
			auth_time, request::text AS request, consent_state_hash, code_hash, code_issued_at, code_expires_at,
			code_invalidated, access_hash, access_jti, access_issued_at, access_expires_at, access_scopes,
			access_claims::text AS access_claims, access_invalidated, refresh_hash, refresh_issued_at,
			refresh_expires_at, refresh_invalidated, id_token_hash, id_token_issued_at, id_token_expires_at,
			id_token_claims::text AS id_token_claims, id_token_invalidated, version
			""";

	private final JdbcClient jdbc;

	AuthorizationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredAuthorization a, Instant now) {
		this.jdbc.sql("""
				INSERT INTO oidc_authorizations (id, registered_client_id, principal_name, grant_type,
				  authorized_scopes, user_id, session_id, amr, auth_time, request, consent_state_hash,
				  code_hash, code_issued_at, code_expires_at, code_invalidated,
				  access_hash, access_jti, access_issued_at, access_expires_at, access_scopes, access_claims,
				  access_invalidated, refresh_hash, refresh_issued_at, refresh_expires_at, refresh_invalidated,
				  id_token_hash, id_token_issued_at, id_token_expires_at, id_token_claims, id_token_invalidated,
				  version, created_at, expires_at)
				VALUES (:id, :clientId, :principal, :grantType, :scopes, :userId, :sessionId, :amr, :authTime,
				  CAST(:request AS jsonb), :consentState, :codeHash, :codeIssuedAt, :codeExpiresAt, :codeInvalidated,
				  :accessHash, :accessJti, :accessIssuedAt, :accessExpiresAt, :accessScopes,
				  CAST(:accessClaims AS jsonb), :accessInvalidated, :refreshHash, :refreshIssuedAt,
				  :refreshExpiresAt, :refreshInvalidated, :idHash, :idIssuedAt, :idExpiresAt,
				  CAST(:idClaims AS jsonb), :idInvalidated, 0, :now, :expiresAt)
				""")
			.paramSource(params(a, now))
			.update();
	}

	/** @return false when another request changed the row since it was read (a concurrent rotation) */
	boolean update(StoredAuthorization a, long version, Instant now) {
		return this.jdbc.sql("""
				UPDATE oidc_authorizations SET authorized_scopes = :scopes, principal_name = :principal,
				  consent_state_hash = :consentState, code_hash = :codeHash, code_issued_at = :codeIssuedAt,
				  code_expires_at = :codeExpiresAt, code_invalidated = :codeInvalidated,
				  access_hash = :accessHash, access_jti = :accessJti, access_issued_at = :accessIssuedAt,
				  access_expires_at = :accessExpiresAt, access_scopes = :accessScopes,
				  access_claims = CAST(:accessClaims AS jsonb), access_invalidated = :accessInvalidated,
				  refresh_hash = :refreshHash, refresh_issued_at = :refreshIssuedAt,
				  refresh_expires_at = :refreshExpiresAt, refresh_invalidated = :refreshInvalidated,
				  id_token_hash = :idHash, id_token_issued_at = :idIssuedAt, id_token_expires_at = :idExpiresAt,
				  id_token_claims = CAST(:idClaims AS jsonb), id_token_invalidated = :idInvalidated,
				  version = version + 1, expires_at = GREATEST(expires_at, :expiresAt)
				 WHERE id = :id AND version = :version
				""")
			.paramSource(params(a, now).addValue("version", version))
			.update() == 1;
	}

	/** Remembers a rotated refresh token, so that presenting it again is recognised as reuse. */
	void spend(byte[] refreshHash, String authorizationId, Instant now) {
		this.jdbc.sql("""
				INSERT INTO oidc_spent_refresh_tokens (token_hash, authorization_id, spent_at)
				VALUES (:hash, :id, :now) ON CONFLICT (token_hash) DO NOTHING
				""")
			.param("hash", refreshHash)
			.param("id", authorizationId)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** The authorization a rotated refresh token belonged to. */
	Optional<String> spentBy(byte[] refreshHash) {
		return this.jdbc.sql("SELECT authorization_id FROM oidc_spent_refresh_tokens WHERE token_hash = :hash")
			.param("hash", refreshHash)
			.query(String.class)
			.optional();
	}

	void delete(String id) {
		this.jdbc.sql("DELETE FROM oidc_authorizations WHERE id = :id").param("id", id).update();
	}

	Optional<StoredAuthorization> findById(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oidc_authorizations WHERE id = :id")
			.param("id", id)
			.query(AuthorizationRepository::row)
			.optional();
	}

	/** {@code column} is one of the hash columns, never input. */
	Optional<StoredAuthorization> findByHash(String column, byte[] hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oidc_authorizations WHERE " + column + " = :hash")
			.param("hash", hash)
			.query(AuthorizationRepository::row)
			.optional();
	}

	/** By any of its tokens, when the client did not say which kind it presented. */
	Optional<StoredAuthorization> findByAnyHash(byte[] hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM oidc_authorizations
				WHERE access_hash = :hash OR refresh_hash = :hash OR code_hash = :hash OR id_token_hash = :hash
				   OR consent_state_hash = :hash
				LIMIT 1
				""")
			.param("hash", hash)
			.query(AuthorizationRepository::row)
			.optional();
	}

	/**
	 * Ends every token of an authorization (refresh-token reuse, a reused code, a withdrawn consent).
	 * @return the access token's jti and expiry, for the deny-list, when it had one
	 */
	Optional<IssuedAccess> revoke(String id) {
		return this.jdbc.sql("""
				UPDATE oidc_authorizations SET code_invalidated = true, access_invalidated = true,
				  refresh_invalidated = true, id_token_invalidated = true, version = version + 1
				 WHERE id = :id
				RETURNING access_jti, access_expires_at
				""")
			.param("id", id)
			.query((rs, row) -> new IssuedAccess(rs.getString("access_jti"), instant(rs, "access_expires_at")))
			.optional()
			.filter((access) -> access.jti() != null && access.expiresAt() != null);
	}

	/** The ids of a user's authorizations for one client (consent withdrawn). */
	List<String> idsOf(String principalName, String registeredClientId) {
		return this.jdbc.sql("""
				SELECT id FROM oidc_authorizations WHERE principal_name = :principal AND registered_client_id = :client
				""")
			.param("principal", principalName)
			.param("client", registeredClientId)
			.query(String.class)
			.list();
	}

	/** Up to {@code limit} authorizations nothing of which can be used any more. */
	int deleteExpired(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM oidc_authorizations WHERE id = ANY (ARRAY(SELECT id FROM oidc_authorizations
				 WHERE expires_at < :cutoff ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED))
				""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("limit", limit)
			.update();
	}

	private static MapSqlParameterSource params(StoredAuthorization a,
			Instant now) {
		MapSqlParameterSource p = new MapSqlParameterSource();
		p.addValue("id", a.id());
		p.addValue("clientId", a.registeredClientId());
		p.addValue("principal", a.principalName());
		p.addValue("grantType", a.grantType());
		p.addValue("scopes", a.authorizedScopes().toArray(String[]::new));
		StoredAuthorization.Session session = a.session();
		p.addValue("userId", (session != null) ? session.userId() : null);
		p.addValue("sessionId", (session != null) ? session.sessionId() : null);
		p.addValue("amr", (session != null) ? session.amr().toArray(String[]::new) : null);
		p.addValue("authTime", (session != null) ? Timestamp.from(session.authTime()) : null);
		p.addValue("request", a.requestJson());
		p.addValue("consentState", a.consentStateHash());
		token(p, "code", a.code());
		token(p, "access", a.access());
		p.addValue("accessJti", a.accessJti());
		p.addValue("accessScopes", a.accessScopes().toArray(String[]::new));
		p.addValue("accessClaims", a.accessClaimsJson());
		token(p, "refresh", a.refresh());
		token(p, "id", a.idToken());
		p.addValue("idClaims", a.idTokenClaimsJson());
		p.addValue("expiresAt", Timestamp.from(a.usableUntil(now)));
		p.addValue("now", Timestamp.from(now));
		return p;
	}

	private static void token(MapSqlParameterSource p, String prefix,
			StoredAuthorization.@Nullable Token token) {
		p.addValue(prefix + "Hash", (token != null) ? token.hash() : null);
		p.addValue(prefix + "IssuedAt", (token != null && token.issuedAt() != null) ? Timestamp.from(token.issuedAt()) : null);
		p.addValue(prefix + "ExpiresAt", (token != null && token.expiresAt() != null) ? Timestamp.from(token.expiresAt()) : null);
		p.addValue(prefix + "Invalidated", token != null && token.invalidated());
	}

	private static StoredAuthorization row(ResultSet rs, int row) throws SQLException {
		UUID userId = rs.getObject("user_id", UUID.class);
		StoredAuthorization.Session session = (userId == null) ? null
				: new StoredAuthorization.Session(userId, rs.getObject("session_id", UUID.class), strings(rs, "amr"),
						instant(rs, "auth_time"));
		StoredAuthorization.Token refresh = token(rs, "refresh");
		return new StoredAuthorization(rs.getString("id"), rs.getString("registered_client_id"),
				rs.getString("principal_name"), rs.getString("grant_type"), strings(rs, "authorized_scopes"), session,
				rs.getString("request"), rs.getBytes("consent_state_hash"), token(rs, "code"), token(rs, "access"),
				rs.getString("access_jti"), strings(rs, "access_scopes"), rs.getString("access_claims"), refresh,
				token(rs, "id_token"), rs.getString("id_token_claims"), rs.getLong("version"),
				(refresh != null) ? refresh.hash() : null);
	}

	private static StoredAuthorization.@Nullable Token token(ResultSet rs, String prefix) throws SQLException {
		byte[] hash = rs.getBytes(prefix + "_hash");
		if (hash == null) {
			return null;
		}
		return new StoredAuthorization.Token(hash, instant(rs, prefix + "_issued_at"), instant(rs, prefix + "_expires_at"),
				rs.getBoolean(prefix + "_invalidated"));
	}

	private static List<String> strings(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * An access token's id and expiry, for the deny-list.
	 *
	 * @param jti the {@code jti}
	 * @param expiresAt its expiry
	 */
	record IssuedAccess(@Nullable String jti, @Nullable Instant expiresAt) {
	}
}
