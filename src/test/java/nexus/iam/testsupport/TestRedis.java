package nexus.iam.testsupport;

/** The machine's real Redis; override with {@code NEXUS_TEST_REDIS_URL}. */
public final class TestRedis {

	public static final String URL = env("NEXUS_TEST_REDIS_URL", "redis://localhost:6379/0");

	private TestRedis() {
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}
}
