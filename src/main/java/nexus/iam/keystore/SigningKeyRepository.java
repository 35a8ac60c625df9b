package nexus.iam.keystore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code signing_keys} table. */
@Repository
class SigningKeyRepository {

	private final JdbcClient jdbc;

	SigningKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Every key, retired ones included; a handful of rows. */
	List<StoredKey> findAll() {
		return this.jdbc.sql("""
				SELECT kid, public_jwk::text AS public_jwk, private_key, kek_id, origin, created_at, activates_at,
				       retired_at
				  FROM signing_keys
				 ORDER BY activates_at, created_at, kid
				""").query(SigningKeyRepository::row).list();
	}

	/**
	 * Makes the writers of the key set take turns until the transaction ends (two rotations at
	 * once on two nodes, two nodes importing at their first start), while readers go on reading.
	 */
	void lock() {
		this.jdbc.sql("LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE").update();
	}

	void insert(StoredKey key) {
		this.jdbc.sql("""
				INSERT INTO signing_keys (kid, public_jwk, private_key, kek_id, origin, created_at, activates_at)
				VALUES (:kid, CAST(:publicJwk AS jsonb), :privateKey, :kekId, :origin, :createdAt, :activatesAt)
				""")
			.param("kid", key.kid())
			.param("publicJwk", key.publicJwk())
			.param("privateKey", key.privateKey())
			.param("kekId", key.kekId())
			.param("origin", key.origin().value())
			.param("createdAt", Timestamp.from(key.createdAt()))
			.param("activatesAt", Timestamp.from(key.activatesAt()))
			.update();
	}

	/**
	 * Replaces a private key's encryption, if it is still encrypted under {@code fromKekId}: false
	 * when another node re-encrypted it first, or it was retired meanwhile (its private key erased,
	 * which this must not bring back).
	 */
	boolean reEncrypt(String kid, String fromKekId, byte[] privateKey, String toKekId) {
		return this.jdbc.sql("""
				UPDATE signing_keys SET private_key = :privateKey, kek_id = :toKekId
				 WHERE kid = :kid AND kek_id = :fromKekId AND retired_at IS NULL
				""")
			.param("privateKey", privateKey)
			.param("toKekId", toKekId)
			.param("kid", kid)
			.param("fromKekId", fromKekId)
			.update() == 1;
	}

	/** Retires a key and erases its private part; false when it was retired already. */
	boolean retire(String kid, Instant at) {
		return this.jdbc.sql("""
				UPDATE signing_keys SET retired_at = :at, private_key = NULL, kek_id = NULL
				 WHERE kid = :kid AND retired_at IS NULL
				""").param("at", Timestamp.from(at)).param("kid", kid).update() == 1;
	}

	private static StoredKey row(ResultSet rs, int row) throws SQLException {
		Timestamp retired = rs.getTimestamp("retired_at");
		return new StoredKey(rs.getString("kid"), rs.getString("public_jwk"), rs.getBytes("private_key"),
				rs.getString("kek_id"), StoredKey.Origin.of(rs.getString("origin")),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("activates_at").toInstant(),
				(retired != null) ? retired.toInstant() : null);
	}
}
