package nexus.iam.passkey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code passkeys} and {@code passkey_challenges} tables. */
@Repository
class PasskeyRepository {

	private final JdbcClient jdbc;

	PasskeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored passkey, as webauthn4j needs it back and as its owner sees it. */
	record PasskeyRow(UUID id, UUID userId, byte[] credentialId, byte[] userHandle, byte[] attestedCredentialData,
			long signCount, boolean uvInitialized, boolean backupEligible, boolean backedUp, @Nullable UUID aaguid,
			String transports, String name, Instant createdAt, @Nullable Instant lastUsedAt,
			@Nullable Instant counterRegressedAt) {
	}

	/** A challenge as the options endpoint handed it out. */
	record ChallengeRow(byte[] challenge, String purpose, @Nullable UUID userId, @Nullable UUID sessionId,
			Instant expiresAt) {
	}

	private static final String COLUMNS = """
			id, user_id, credential_id, user_handle, attested_credential_data, sign_count, uv_initialized,
			backup_eligible, backed_up, aaguid, transports, name, created_at, last_used_at, counter_regressed_at
			""";

	/**
	 * Stores a new passkey.
	 * @return false when its credential id is registered already (a race with another registration)
	 */
	boolean insert(PasskeyRow row) {
		return this.jdbc.sql("""
				INSERT INTO passkeys (id, user_id, credential_id, user_handle, attested_credential_data, sign_count,
				                      uv_initialized, backup_eligible, backed_up, aaguid, transports, name, created_at)
				VALUES (:id, :userId, :credentialId, :userHandle, :data, :signCount, :uv, :be, :bs, :aaguid,
				        :transports, :name, :createdAt)
				ON CONFLICT (credential_id) DO NOTHING
				""")
			.param("id", row.id())
			.param("userId", row.userId())
			.param("credentialId", row.credentialId())
			.param("userHandle", row.userHandle())
			.param("data", row.attestedCredentialData())
			.param("signCount", row.signCount())
			.param("uv", row.uvInitialized())
			.param("be", row.backupEligible())
			.param("bs", row.backedUp())
			.param("aaguid", row.aaguid())
			.param("transports", row.transports())
			.param("name", row.name())
			.param("createdAt", Timestamp.from(row.createdAt()))
			.update() == 1;
	}

	boolean credentialExists(byte[] credentialId) {
		return this.jdbc.sql("SELECT count(*) FROM passkeys WHERE credential_id = :id")
			.param("id", credentialId)
			.query(Long.class)
			.single() > 0;
	}

	Optional<PasskeyRow> findByCredentialId(byte[] credentialId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM passkeys WHERE credential_id = :id")
			.param("id", credentialId)
			.query(PasskeyRepository::map)
			.optional();
	}

	List<PasskeyRow> findByUser(UUID userId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM passkeys WHERE user_id = :userId ORDER BY created_at, id")
			.param("userId", userId)
			.query(PasskeyRepository::map)
			.list();
	}

	/**
	 * Records a use: the new counter (only forward, so that two racing uses cannot lower it), the
	 * backup state, the time.
	 */
	void recordUse(UUID id, long signCount, boolean backedUp, Instant now) {
		this.jdbc.sql("""
				UPDATE passkeys SET sign_count = GREATEST(sign_count, :signCount), backed_up = :bs,
				                    last_used_at = :now
				 WHERE id = :id
				""")
			.param("signCount", signCount)
			.param("bs", backedUp)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	void markCounterRegressed(UUID id, Instant now) {
		this.jdbc.sql("UPDATE passkeys SET counter_regressed_at = :now WHERE id = :id AND counter_regressed_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	boolean rename(UUID userId, UUID id, String name) {
		return this.jdbc.sql("UPDATE passkeys SET name = :name WHERE id = :id AND user_id = :userId")
			.param("name", name)
			.param("id", id)
			.param("userId", userId)
			.update() == 1;
	}

	Optional<String> delete(UUID userId, UUID id) {
		return this.jdbc.sql("DELETE FROM passkeys WHERE id = :id AND user_id = :userId RETURNING name")
			.param("id", id)
			.param("userId", userId)
			.query(String.class)
			.optional();
	}

	void insertChallenge(byte[] handleHash, byte[] challenge, String purpose, @Nullable UUID userId,
			@Nullable UUID sessionId, Instant expiresAt, Instant now) {
		// expired challenges go with the next one handed out: the index keeps this cheap
		this.jdbc.sql("DELETE FROM passkey_challenges WHERE expires_at < :now").param("now", Timestamp.from(now)).update();
		this.jdbc.sql("""
				INSERT INTO passkey_challenges (handle_hash, challenge, purpose, user_id, session_id, expires_at)
				VALUES (:hash, :challenge, :purpose, :userId, :sessionId, :expiresAt)
				""")
			.param("hash", handleHash)
			.param("challenge", challenge)
			.param("purpose", purpose)
			.param("userId", userId)
			.param("sessionId", sessionId)
			.param("expiresAt", Timestamp.from(expiresAt))
			.update();
	}

	/** Takes a challenge: deleted whatever happens next, so that it answers once, on any node. */
	Optional<ChallengeRow> takeChallenge(byte[] handleHash) {
		return this.jdbc.sql("""
				DELETE FROM passkey_challenges WHERE handle_hash = :hash
				RETURNING challenge, purpose, user_id, session_id, expires_at
				""")
			.param("hash", handleHash)
			.query((rs, n) -> new ChallengeRow(rs.getBytes("challenge"), rs.getString("purpose"),
					rs.getObject("user_id", UUID.class), rs.getObject("session_id", UUID.class),
					rs.getTimestamp("expires_at").toInstant()))
			.optional();
	}

	private static PasskeyRow map(ResultSet rs, int rowNum) throws SQLException {
		Timestamp lastUsed = rs.getTimestamp("last_used_at");
		Timestamp regressed = rs.getTimestamp("counter_regressed_at");
		return new PasskeyRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getBytes("credential_id"), rs.getBytes("user_handle"), rs.getBytes("attested_credential_data"),
				rs.getLong("sign_count"), rs.getBoolean("uv_initialized"), rs.getBoolean("backup_eligible"),
				rs.getBoolean("backed_up"), rs.getObject("aaguid", UUID.class), rs.getString("transports"),
				rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
				(lastUsed != null) ? lastUsed.toInstant() : null, (regressed != null) ? regressed.toInstant() : null);
	}
}
