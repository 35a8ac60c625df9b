package nexus.iam.clientregistry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code oidc_clients} table: the clients registered at run time. */
@Repository
class StoredClientRepository {

	private final JdbcClient jdbc;

	StoredClientRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A registered client's row.
	 *
	 * @param metadata the registered metadata, JSON
	 */
	record StoredClient(String clientId, @Nullable String secretHash, String registrationTokenHash, String metadata,
			Instant issuedAt, Instant updatedAt) {
	}

	void insert(StoredClient client) {
		this.jdbc.sql("""
				INSERT INTO oidc_clients (client_id, secret_hash, registration_token_hash, metadata, issued_at, updated_at)
				VALUES (:clientId, :secretHash, :tokenHash, CAST(:metadata AS jsonb), :issuedAt, :updatedAt)
				""")
			.param("clientId", client.clientId())
			.param("secretHash", client.secretHash())
			.param("tokenHash", client.registrationTokenHash())
			.param("metadata", client.metadata())
			.param("issuedAt", Timestamp.from(client.issuedAt()))
			.param("updatedAt", Timestamp.from(client.updatedAt()))
			.update();
	}

	Optional<StoredClient> find(String clientId) {
		return this.jdbc.sql("""
				SELECT client_id, secret_hash, registration_token_hash, metadata::text AS metadata, issued_at, updated_at
				FROM oidc_clients WHERE client_id = :clientId
				""")
			.param("clientId", clientId)
			.query((rs, row) -> new StoredClient(rs.getString("client_id"), rs.getString("secret_hash"),
					rs.getString("registration_token_hash"), rs.getString("metadata"),
					rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	/** Replaces the metadata and the secret's hash; false when the client is gone meanwhile. */
	boolean update(String clientId, @Nullable String secretHash, String metadata, Instant updatedAt) {
		return this.jdbc.sql("""
				UPDATE oidc_clients SET secret_hash = :secretHash, metadata = CAST(:metadata AS jsonb), updated_at = :updatedAt
				WHERE client_id = :clientId
				""")
			.param("clientId", clientId)
			.param("secretHash", secretHash)
			.param("metadata", metadata)
			.param("updatedAt", Timestamp.from(updatedAt))
			.update() == 1;
	}

	boolean delete(String clientId) {
		return this.jdbc.sql("DELETE FROM oidc_clients WHERE client_id = :clientId")
			.param("clientId", clientId)
			.update() == 1;
	}
}
