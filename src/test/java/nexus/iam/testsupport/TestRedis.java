package nexus.iam.testsupport;

import java.net.URI;

/** The machine's real Redis; override with {@code NEXUS_TEST_REDIS_URL}. */
public final class TestRedis {

	public static final String URL = env("NEXUS_TEST_REDIS_URL", "redis://localhost:6379/0");

	public static final String HOST = URI.create(URL).getHost();

	public static final int PORT = (URI.create(URL).getPort() > 0) ? URI.create(URL).getPort() : 6379;

	private TestRedis() {
	}

	/** The same server, another logical database (for tests that need buckets of their own). */
	public static String database(int index) {
		return "redis://" + HOST + ":" + PORT + "/" + index;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}
}
