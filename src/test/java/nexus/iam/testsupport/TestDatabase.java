package nexus.iam.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * This run's own database on the machine's real PostgreSQL, created when first needed (so every
 * run starts from the migrations) and dropped at the end of the run by {@link TestRunCleanup}. Its
 * name is {@code NEXUS_TEST_DATABASE} (default {@code nexus_iam_test}) followed by the run's id:
 * {@code CREATE DATABASE} fails rather than take over a database that exists, and only a database
 * this run created is ever dropped. Override the server with {@code NEXUS_TEST_POSTGRES_URL} (a
 * JDBC URL to an admin database) and {@code NEXUS_TEST_POSTGRES_USER}.
 */
public final class TestDatabase {

	public static final String NAME = TestRun.env("NEXUS_TEST_DATABASE", "nexus_iam_test") + "_" + TestRun.ID;

	private static final String ADMIN_URL = TestRun.env("NEXUS_TEST_POSTGRES_URL",
			"jdbc:postgresql://localhost:5432/postgres");

	public static final String USER = TestRun.env("NEXUS_TEST_POSTGRES_USER", "postgres");

	private static boolean created;

	private TestDatabase() {
	}

	/** The JDBC URL of the fresh test database. */
	public static synchronized String url() {
		if (!created) {
			admin("CREATE DATABASE " + NAME);
			created = true;
		}
		return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + NAME;
	}

	public static Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), USER, "");
	}

	/** Drops the database if this run created it; the run's own nodes may still hold connections. */
	static synchronized void dropIfCreated() {
		if (created) {
			admin("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
			created = false;
		}
	}

	private static void admin(String statement) {
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "");
				Statement sql = admin.createStatement()) {
			sql.execute(statement);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(statement + " on " + ADMIN_URL + " failed (PostgreSQL must run there, see .ci/run)", ex);
		}
	}
}
