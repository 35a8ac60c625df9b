package nexus.iam.testsupport;

import java.net.URI;
import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The machine's real Redis ({@code NEXUS_TEST_REDIS_URL}, default {@code redis://localhost:6379/0}),
 * shared with whoever else uses it: every key and channel of this run starts with {@link #PREFIX}
 * (the service's {@code nexus.redis.key-prefix}), the run deletes only keys under that prefix, and
 * {@link TestRunCleanup} deletes them all at the end.
 */
public final class TestRedis {

	public static final String URL = TestRun.env("NEXUS_TEST_REDIS_URL", "redis://localhost:6379/0");

	public static final String HOST = URI.create(URL).getHost();

	public static final int PORT = (URI.create(URL).getPort() > 0) ? URI.create(URL).getPort() : 6379;

	/** The run's own key space. */
	public static final String PREFIX = "nexus-test:" + TestRun.ID + ":";

	private TestRedis() {
	}

	/** A key space of the run's own for one test (buckets or entries that meet no other test's). */
	public static String prefix(String name) {
		return PREFIX + name + ":";
	}

	/** Deletes every key under the prefix, as a lost or flushed Redis would, for this run only. */
	public static long deleteAll(String prefix) {
		if (!prefix.startsWith(PREFIX)) {
			throw new IllegalArgumentException("not this run's key space: " + prefix);
		}
		try (RedisClient client = RedisClient.create(URL);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			long deleted = 0;
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
				List<String> keys = page.getKeys();
				if (!keys.isEmpty()) {
					deleted += redis.del(keys.toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
			return deleted;
		}
	}
}
