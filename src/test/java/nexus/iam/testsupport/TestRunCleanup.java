package nexus.iam.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * At the end of a test run, removes what the run made on the machine: its database and its Redis
 * keys (registered in {@code META-INF/services}).
 */
public final class TestRunCleanup implements LauncherSessionListener {

	/**
	 * The database first: the run's nodes are still up, and one that found its Redis copy gone would
	 * rebuild it from PostgreSQL; without the database it cannot. (What a node might still write
	 * meanwhile expires by itself: every key has a TTL.)
	 */
	@Override
	public void launcherSessionClosed(LauncherSession session) {
		try {
			TestDatabase.dropIfCreated();
		}
		catch (RuntimeException ex) {
			System.err.println("Test run cleanup: database " + TestDatabase.NAME + " left: " + ex.getMessage());
		}
		try {
			TestRedis.deleteAll(TestRedis.PREFIX);
		}
		catch (RuntimeException ex) {
			System.err.println("Test run cleanup: Redis keys under " + TestRedis.PREFIX + " left: " + ex.getMessage());
		}
	}
}
