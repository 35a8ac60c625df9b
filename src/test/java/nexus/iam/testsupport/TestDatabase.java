package nexus.iam.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The test database on the machine's real PostgreSQL, dropped and created afresh once per test
 * run so that every run starts from the migrations. Override the server with
 * {@code NEXUS_TEST_POSTGRES_URL} (a JDBC URL to an admin database) and {@code NEXUS_TEST_POSTGRES_USER},
 * and the database's name with {@code NEXUS_TEST_DATABASE} (two checkouts testing at once).
 */
public final class TestDatabase {

	public static final String NAME = env("NEXUS_TEST_DATABASE", "nexus_iam_test");

	private static final String ADMIN_URL = env("NEXUS_TEST_POSTGRES_URL", "jdbc:postgresql://localhost:5432/postgres");

	public static final String USER = env("NEXUS_TEST_POSTGRES_USER", "postgres");

	private static boolean created;

	private TestDatabase() {
	}

	/** The JDBC URL of the fresh test database. */
	public static synchronized String url() {
		if (!created) {
			recreate();
			created = true;
		}
		return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + NAME;
	}

	public static Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), USER, "");
	}

	private static void recreate() {
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "");
				Statement sql = admin.createStatement()) {
			sql.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
			sql.execute("CREATE DATABASE " + NAME);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL must run on " + ADMIN_URL + " (see .ci/run)", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}
}
