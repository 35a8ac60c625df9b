package nexus.iam.session;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code user_sessions} and {@code refresh_tokens} tables: a session is the family of its
 * refresh tokens, so both live here.
 */
@Repository
class SessionRepository {

	private static final String REFRESH_COLUMNS = """
			t.id, t.session_id, t.token_hash, t.issued_at, t.expires_at, t.rotated_at, t.revoked_at, t.access_jti,
			s.user_id, s.amr, s.expires_at AS session_expires_at, s.revoked_at AS session_revoked_at
			""";

	private final JdbcClient jdbc;

	SessionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A refresh token with the facts of its session. */
	record RefreshRow(UUID id, UUID sessionId, byte[] tokenHash, Instant issuedAt, Instant expiresAt,
			@Nullable Instant rotatedAt, @Nullable Instant revokedAt, String accessJti, UUID userId, List<String> amr,
			Instant sessionExpiresAt, @Nullable Instant sessionRevokedAt) {
	}

	void insertSession(UUID id, UUID userId, @Nullable UUID identityId, String provider, List<String> amr,
			SessionOrigin origin, Instant now, Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO user_sessions (id, user_id, identity_id, provider, amr, ip_address, user_agent, device_type,
				                           browser, os, browser_family, os_family, location, country,
				                           created_at, last_activity_at, expires_at)
				VALUES (:id, :userId, :identityId, :provider, :amr, CAST(:ip AS inet), :userAgent, :deviceType,
				        :browser, :os, :browserFamily, :osFamily, :location, :country, :now, :now, :expiresAt)
				""")
			.param("id", id)
			.param("userId", userId)
			.param("identityId", identityId)
			.param("provider", provider)
			.param("amr", amr.toArray(String[]::new))
			.param("ip", origin.client().ipAddress())
			.param("userAgent", truncate(origin.client().userAgent()))
			.param("deviceType", origin.deviceType())
			.param("browser", origin.browser())
			.param("os", origin.os())
			.param("browserFamily", origin.browserFamily())
			.param("osFamily", origin.osFamily())
			.param("location", origin.location())
			.param("country", origin.country())
			.param("now", Timestamp.from(now))
			.param("expiresAt", Timestamp.from(expiresAt))
			.update();
	}

	void insertRefreshToken(UUID id, UUID sessionId, @Nullable UUID parentId, byte[] tokenHash, Instant issuedAt,
			Instant expiresAt, String accessJti) {
		this.jdbc.sql("""
				INSERT INTO refresh_tokens (id, session_id, parent_id, token_hash, issued_at, expires_at, access_jti)
				VALUES (:id, :sessionId, :parentId, :hash, :issuedAt, :expiresAt, :accessJti)
				""")
			.param("id", id)
			.param("sessionId", sessionId)
			.param("parentId", parentId)
			.param("hash", tokenHash)
			.param("issuedAt", Timestamp.from(issuedAt))
			.param("expiresAt", Timestamp.from(expiresAt))
			.param("accessJti", accessJti)
			.update();
	}

	/** Makes the token the session's current one and notes the activity. */
	void recordCurrentToken(UUID sessionId, UUID refreshTokenId, Instant now) {
		this.jdbc.sql("UPDATE user_sessions SET refresh_token_id = :tokenId, last_activity_at = :now WHERE id = :id")
			.param("tokenId", refreshTokenId)
			.param("now", Timestamp.from(now))
			.param("id", sessionId)
			.update();
	}

	Optional<RefreshRow> findRefreshToken(byte[] tokenHash) {
		return this.jdbc.sql("SELECT " + REFRESH_COLUMNS
				+ " FROM refresh_tokens t JOIN user_sessions s ON s.id = t.session_id WHERE t.token_hash = :hash")
			.param("hash", tokenHash)
			.query(SessionRepository::mapRefresh)
			.optional();
	}

	Optional<RefreshRow> findSuccessor(UUID parentId) {
		return this.jdbc.sql("SELECT " + REFRESH_COLUMNS
				+ " FROM refresh_tokens t JOIN user_sessions s ON s.id = t.session_id WHERE t.parent_id = :parentId")
			.param("parentId", parentId)
			.query(SessionRepository::mapRefresh)
			.optional();
	}

	/** What a rotation in one statement returns: the facts of the session the successor belongs to. */
	record Rotation(UUID userId, UUID sessionId, List<String> amr, Instant successorExpiresAt) {
	}

	/**
	 * The whole of an ordinary refresh in one statement, outside any transaction: finds the
	 * presented token by its hash, and if it and its session are live and it was never rotated,
	 * rotates it (the same compare-and-set as {@link #rotate}), inserts the successor (expiring at
	 * {@code expiresAt} or with the session, whichever is first) and makes it the session's
	 * current token. Empty when the token is unknown, spent, revoked or expired, or another
	 * request rotated it first: the caller then takes the careful path, which tells these apart.
	 */
	Optional<Rotation> rotateByHash(byte[] tokenHash, UUID successorId, byte[] successorHash, Instant now,
			Instant expiresAt, String accessJti) {
		return this.jdbc.sql("""
				WITH presented AS (
				  SELECT t.id, t.session_id, s.user_id, s.amr, s.expires_at AS session_expires_at
				    FROM refresh_tokens t JOIN user_sessions s ON s.id = t.session_id
				   WHERE t.token_hash = :hash AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > :now
				     AND s.revoked_at IS NULL AND s.expires_at > :now
				), rotated AS (
				  UPDATE refresh_tokens SET rotated_at = :now
				   WHERE id = (SELECT id FROM presented) AND rotated_at IS NULL AND revoked_at IS NULL
				  RETURNING session_id
				), successor AS (
				  INSERT INTO refresh_tokens (id, session_id, parent_id, token_hash, issued_at, expires_at, access_jti)
				  SELECT :successorId, p.session_id, p.id, :successorHash, :now, least(:expiresAt, p.session_expires_at),
				         :accessJti
				    FROM presented p JOIN rotated r ON r.session_id = p.session_id
				  RETURNING session_id, expires_at
				), moved AS (
				  UPDATE user_sessions SET refresh_token_id = :successorId, last_activity_at = :now
				   WHERE id = (SELECT session_id FROM successor)
				)
				SELECT p.user_id, p.session_id, p.amr, n.expires_at
				  FROM presented p JOIN successor n ON n.session_id = p.session_id
				""")
			.param("hash", tokenHash)
			.param("now", Timestamp.from(now))
			.param("successorId", successorId)
			.param("successorHash", successorHash)
			.param("expiresAt", Timestamp.from(expiresAt))
			.param("accessJti", accessJti)
			.query((rs, row) -> {
				Array amr = rs.getArray("amr");
				return new Rotation(rs.getObject("user_id", UUID.class), rs.getObject("session_id", UUID.class),
						(amr != null) ? Arrays.asList((String[]) amr.getArray()) : List.of(),
						rs.getTimestamp("expires_at").toInstant());
			})
			.optional();
	}

	/**
	 * A rotation in one round trip: marks the token rotated if nobody did (the compare-and-set),
	 * inserts its successor and makes that the session's current token and notes the activity.
	 * @return whether this call rotated it
	 */
	boolean rotate(UUID tokenId, UUID successorId, byte[] successorHash, Instant now, Instant expiresAt,
			String accessJti) {
		return this.jdbc.sql("""
				WITH rotated AS (
				  UPDATE refresh_tokens SET rotated_at = :now
				   WHERE id = :id AND rotated_at IS NULL AND revoked_at IS NULL
				  RETURNING session_id
				), successor AS (
				  INSERT INTO refresh_tokens (id, session_id, parent_id, token_hash, issued_at, expires_at, access_jti)
				  SELECT :successorId, session_id, :id, :hash, :now, :expiresAt, :accessJti FROM rotated
				  RETURNING session_id
				)
				UPDATE user_sessions SET refresh_token_id = :successorId, last_activity_at = :now
				 WHERE id = (SELECT session_id FROM successor)
				""")
			.param("now", Timestamp.from(now))
			.param("id", tokenId)
			.param("successorId", successorId)
			.param("hash", successorHash)
			.param("expiresAt", Timestamp.from(expiresAt))
			.param("accessJti", accessJti)
			.update() == 1;
	}

	/** @return whether the session was live until this call */
	boolean revokeSession(UUID sessionId, Instant now, String reason) {
		this.jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE session_id = :id AND revoked_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("id", sessionId)
			.update();
		return this.jdbc.sql("""
				UPDATE user_sessions SET revoked_at = :now, revoked_reason = :reason
				 WHERE id = :id AND revoked_at IS NULL
				""")
			.param("now", Timestamp.from(now))
			.param("reason", reason)
			.param("id", sessionId)
			.update() == 1;
	}

	/**
	 * Adds an authentication method to a live session of this user, once.
	 * @return the session's methods afterwards, empty when there is no such live session
	 */
	Optional<List<String>> addAmr(UUID sessionId, UUID userId, String method, Instant now) {
		return this.jdbc.sql("""
				UPDATE user_sessions
				   SET amr = CASE WHEN CAST(:method AS text) = ANY(amr) THEN amr ELSE array_append(amr, CAST(:method AS text)) END
				 WHERE id = :id AND user_id = :userId AND revoked_at IS NULL AND expires_at > :now
				RETURNING amr
				""")
			.param("method", method)
			.param("id", sessionId)
			.param("userId", userId)
			.param("now", Timestamp.from(now))
			.query((rs, row) -> Arrays.asList((String[]) rs.getArray("amr").getArray()))
			.optional();
	}

	/** The session's end, when it is live. */
	Optional<Instant> findSessionExpiry(UUID sessionId) {
		return this.jdbc.sql("SELECT expires_at FROM user_sessions WHERE id = :id AND revoked_at IS NULL")
			.param("id", sessionId)
			.query((rs, row) -> instant(rs, "expires_at"))
			.optional();
	}

	/** Revokes the session's refresh tokens that were not spent yet: a new pair replaces them. */
	void revokeUnspentRefreshTokens(UUID sessionId, Instant now) {
		this.jdbc.sql("""
				UPDATE refresh_tokens SET revoked_at = :now
				 WHERE session_id = :id AND revoked_at IS NULL AND rotated_at IS NULL
				""")
			.param("now", Timestamp.from(now))
			.param("id", sessionId)
			.update();
	}

	/**
	 * Takes the user's session lock until the transaction ends: sign-ins of one user, on any
	 * node, count and end the user's sessions one after the other. An advisory lock in a key space
	 * of its own (the two-integer form), so no row of another feature's table is locked.
	 */
	void lockSessionsOf(UUID userId) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashtext(CAST(:userId AS text)))")
			.param("space", SESSION_LOCK_SPACE)
			.param("userId", userId.toString())
			.query((rs, row) -> Boolean.TRUE)
			.single();
	}

	/** Key space of {@link #lockSessionsOf}: "sess" in ASCII. */
	private static final int SESSION_LOCK_SPACE = 0x73657373;

	/** The user's sessions that are neither ended nor past their end, for the session limit. */
	List<SessionLimit.LiveSession> findSessionsWithinLimit(UUID userId, Instant now) {
		return this.jdbc.sql("""
				SELECT id, last_activity_at, created_at FROM user_sessions
				 WHERE user_id = :userId AND revoked_at IS NULL AND expires_at > :now
				""")
			.param("userId", userId)
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new SessionLimit.LiveSession(rs.getObject("id", UUID.class),
					instant(rs, "last_activity_at"), instant(rs, "created_at")))
			.list();
	}

	List<UUID> findLiveSessionIds(UUID userId) {
		return this.jdbc.sql("SELECT id FROM user_sessions WHERE user_id = :userId AND revoked_at IS NULL")
			.param("userId", userId)
			.query(UUID.class)
			.list();
	}

	/**
	 * The user's live sessions signed in with this identity, and those from before sessions
	 * recorded their identity (NULL) that came from its provider.
	 */
	List<UUID> findLiveSessionIdsSignedInWith(UUID userId, UUID identityId, String provider) {
		return this.jdbc.sql("""
				SELECT id FROM user_sessions
				 WHERE user_id = :userId AND revoked_at IS NULL
				   AND (identity_id = :identityId OR (identity_id IS NULL AND provider = :provider))
				""")
			.param("userId", userId)
			.param("identityId", identityId)
			.param("provider", provider)
			.query(UUID.class)
			.list();
	}

	Optional<UUID> findUserOfSession(UUID sessionId) {
		return this.jdbc.sql("SELECT user_id FROM user_sessions WHERE id = :id")
			.param("id", sessionId)
			.query(UUID.class)
			.optional();
	}

	/** Moves each session's {@code last_activity_at} forward (never back) in one statement. */
	void recordActivity(Map<UUID, Instant> lastSeen) {
		if (lastSeen.isEmpty()) {
			return;
		}
		// text arrays cast in SQL: the driver binds String[] everywhere
		List<UUID> order = List.copyOf(lastSeen.keySet());
		String[] ids = order.stream().map(UUID::toString).toArray(String[]::new);
		String[] times = order.stream().map((id) -> lastSeen.get(id).toString()).toArray(String[]::new);
		this.jdbc.sql("""
				UPDATE user_sessions s SET last_activity_at = seen.at
				  FROM unnest(CAST(:ids AS uuid[]), CAST(:times AS timestamptz[])) AS seen(id, at)
				 WHERE s.id = seen.id AND s.last_activity_at < seen.at AND s.revoked_at IS NULL
				""")
			.param("ids", ids)
			.param("times", times)
			.update();
	}

	/**
	 * A user's sessions that can still be used: not revoked, not past their end, and holding a
	 * refresh token that has not expired. Newest activity first.
	 */
	List<SessionView> findLiveSessions(UUID userId, Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT s.id, s.provider, s.device_type, s.browser, s.os, host(s.ip_address) AS ip, s.location,
				       s.created_at, s.last_activity_at
				  FROM user_sessions s JOIN refresh_tokens t ON t.id = s.refresh_token_id
				 WHERE s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now AND t.expires_at > :now
				 ORDER BY s.last_activity_at DESC, s.created_at DESC
				 LIMIT :limit
				""")
			.param("userId", userId)
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query((rs, row) -> new SessionView(rs.getObject("id", UUID.class), rs.getString("provider"),
					rs.getString("device_type"), rs.getString("browser"), rs.getString("os"), rs.getString("ip"),
					rs.getString("location"), instant(rs, "created_at"), instant(rs, "last_activity_at")))
			.list();
	}

	/** The session, when it belongs to the user and is not revoked. */
	Optional<SessionView> findOwnLiveSession(UUID sessionId, UUID userId) {
		return this.jdbc.sql("""
				SELECT s.id, s.provider, s.device_type, s.browser, s.os, host(s.ip_address) AS ip, s.location,
				       s.created_at, s.last_activity_at
				  FROM user_sessions s
				 WHERE s.id = :id AND s.user_id = :userId AND s.revoked_at IS NULL
				""")
			.param("id", sessionId)
			.param("userId", userId)
			.query((rs, row) -> new SessionView(rs.getObject("id", UUID.class), rs.getString("provider"),
					rs.getString("device_type"), rs.getString("browser"), rs.getString("os"), rs.getString("ip"),
					rs.getString("location"), instant(rs, "created_at"), instant(rs, "last_activity_at")))
			.optional();
	}

	/**
	 * Whether the user has signed in before, in a session still on record, from this kind of
	 * device (type, browser family, OS family) and from this country (when known).
	 */
	Familiarity familiarity(UUID userId, SessionOrigin origin) {
		return this.jdbc.sql("""
				SELECT coalesce(bool_or(device_type = :deviceType
				                        AND browser_family IS NOT DISTINCT FROM :browserFamily
				                        AND os_family IS NOT DISTINCT FROM :osFamily), false) AS known_device,
				       coalesce(bool_or(country = :country), false) AS known_country,
				       count(*) AS earlier
				  FROM user_sessions WHERE user_id = :userId
				""")
			.param("userId", userId)
			.param("deviceType", origin.deviceType())
			.param("browserFamily", origin.browserFamily())
			.param("osFamily", origin.osFamily())
			.param("country", origin.country())
			.query((rs, row) -> new Familiarity(rs.getLong("earlier") > 0, rs.getBoolean("known_device"),
					origin.country() == null || rs.getBoolean("known_country")))
			.single();
	}

	/**
	 * @param hasHistory whether any earlier session is on record
	 * @param knownDevice whether one of them had this kind of device
	 * @param knownCountry whether one of them came from this country (true when it is unknown)
	 */
	record Familiarity(boolean hasHistory, boolean knownDevice, boolean knownCountry) {
	}

	private static RefreshRow mapRefresh(ResultSet rs, int row) throws SQLException {
		Array amr = rs.getArray("amr");
		return new RefreshRow(rs.getObject("id", UUID.class), rs.getObject("session_id", UUID.class),
				rs.getBytes("token_hash"), instant(rs, "issued_at"), instant(rs, "expires_at"), instant(rs, "rotated_at"),
				instant(rs, "revoked_at"), rs.getString("access_jti"), rs.getObject("user_id", UUID.class),
				(amr != null) ? Arrays.asList((String[]) amr.getArray()) : List.of(), instant(rs, "session_expires_at"),
				instant(rs, "session_revoked_at"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static @Nullable String truncate(@Nullable String value) {
		return (value != null && value.length() > 512) ? value.substring(0, 512) : value;
	}
}
