package nexus.iam.authserver;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code oidc_consents}. */
@Repository
class ConsentRepository {

	private final JdbcClient jdbc;

	ConsentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void upsert(String principalName, String registeredClientId, List<String> scopes, Instant now) {
		this.jdbc.sql("""
				INSERT INTO oidc_consents (principal_name, registered_client_id, scopes, granted_at)
				VALUES (:principal, :client, :scopes, :now)
				ON CONFLICT (principal_name, registered_client_id) DO UPDATE SET scopes = EXCLUDED.scopes,
				  granted_at = EXCLUDED.granted_at
				""")
			.param("principal", principalName)
			.param("client", registeredClientId)
			.param("scopes", scopes.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/** @return whether there was one */
	boolean delete(String principalName, String registeredClientId) {
		return this.jdbc.sql("DELETE FROM oidc_consents WHERE principal_name = :principal AND registered_client_id = :client")
			.param("principal", principalName)
			.param("client", registeredClientId)
			.update() > 0;
	}

	Optional<Consent> find(String principalName, String registeredClientId) {
		return this.jdbc.sql("""
				SELECT registered_client_id, scopes, granted_at FROM oidc_consents
				 WHERE principal_name = :principal AND registered_client_id = :client
				""")
			.param("principal", principalName)
			.param("client", registeredClientId)
			.query(ConsentRepository::consent)
			.optional();
	}

	/** A user's consents, newest first. */
	List<Consent> of(String principalName) {
		return this.jdbc.sql("""
				SELECT registered_client_id, scopes, granted_at FROM oidc_consents
				 WHERE principal_name = :principal ORDER BY granted_at DESC
				""")
			.param("principal", principalName)
			.query(ConsentRepository::consent)
			.list();
	}

	private static Consent consent(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		Array scopes = rs.getArray("scopes");
		return new Consent(rs.getString("registered_client_id"), Arrays.asList((String[]) scopes.getArray()),
				rs.getTimestamp("granted_at").toInstant());
	}

	/**
	 * A consent as stored.
	 *
	 * @param registeredClientId the client's registration id
	 * @param scopes the scopes allowed
	 * @param grantedAt when last given
	 */
	record Consent(String registeredClientId, List<String> scopes, Instant grantedAt) {
	}
}
