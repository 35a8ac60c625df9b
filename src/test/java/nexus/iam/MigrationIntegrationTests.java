package nexus.iam;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The Flyway migrations, as run on this machine's PostgreSQL by the application at start-up. */
class MigrationIntegrationTests extends IntegrationTest {

	@Test
	void migrationsCreateTheSchema() throws SQLException {
		try (Connection db = TestDatabase.connect()) {
			assertThat(strings(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
				.contains("users", "user_identities", "user_sessions", "refresh_tokens", "audit_events", "revocations",
						"flyway_schema_history");
			assertThat(strings(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).contains(
					"user_identities_provider_subject_key", "user_identities_user_id_idx",
					"user_sessions_user_id_live_idx", "refresh_tokens_token_hash_key", "refresh_tokens_session_id_idx",
					"audit_events_user_id_idx", "revocations_recorded_at_idx", "revocations_expires_at_idx");
			assertThat(strings(db, "SELECT data_type FROM information_schema.columns"
					+ " WHERE table_name = 'user_sessions' AND column_name = 'ip_address'"))
				.containsExactly("inet");
			assertThat(strings(db, "SELECT success::text FROM flyway_schema_history")).containsOnly("true");
		}
	}

	@Test
	void identityIsUniquePerProviderAndSubject() throws SQLException {
		try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
			UUID user = UUID.randomUUID();
			sql.execute("INSERT INTO users (id, created_at, updated_at) VALUES ('" + user + "', now(), now())");
			String identity = "INSERT INTO user_identities (id, user_id, provider, subject, created_at, updated_at)"
					+ " VALUES (gen_random_uuid(), '" + user + "', 'google', 'dup-" + user + "', now(), now())";
			sql.execute(identity);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> sql.execute(identity))
				.withMessageContaining("user_identities_provider_subject_key");
		}
	}

	@Test
	void refreshTokenHashMustBeASha256() throws SQLException {
		try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> sql.execute(
					"INSERT INTO refresh_tokens (id, session_id, token_hash, issued_at, expires_at, access_jti) VALUES"
							+ " (gen_random_uuid(), gen_random_uuid(), 'plain-token'::bytea, now(), now(), 'j')"))
				.withMessageContaining("refresh_tokens_hash_length");
		}
	}

	private static List<String> strings(Connection db, String query) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}
}
