package nexus.iam.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * At the end of a test run, removes what the run made on the machine: its database and its Redis
 * keys (registered in {@code META-INF/services}).
 */
public final class TestRunCleanup implements LauncherSessionListener {

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		try {
			TestRedis.deleteAll(TestRedis.PREFIX);
		}
		catch (RuntimeException ex) {
			System.err.println("Test run cleanup: Redis keys under " + TestRedis.PREFIX + " left: " + ex.getMessage());
		}
		try {
			TestDatabase.dropIfCreated();
		}
		catch (RuntimeException ex) {
			System.err.println("Test run cleanup: database " + TestDatabase.NAME + " left: " + ex.getMessage());
		}
	}
}
