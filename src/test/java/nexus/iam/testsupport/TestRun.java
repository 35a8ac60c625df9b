package nexus.iam.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This test run's own name, so that what it makes on the machine's shared PostgreSQL and Redis
 * (a database, keys, a channel) is its own: two runs at once, from two clones, never meet, and the
 * end of a run removes only what that run made.
 */
public final class TestRun {

	/** Short, lower case, usable in a database name and a Redis key. */
	public static final String ID = "r" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

	private TestRun() {
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}
}
