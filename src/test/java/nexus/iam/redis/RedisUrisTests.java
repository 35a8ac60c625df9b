package nexus.iam.redis;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** How the Redis settings become Lettuce's address: one server, or sentinels and a primary's name. */
class RedisUrisTests {

	@Test
	void aUrlNamesOneServer() {
		RedisURI uri = RedisUris.of(properties(URI.create("redis://:s3cret@redis.internal:6380/2"), sentinel(List.of(), null, null),
				null, 0));
		assertThat(uri.getHost()).isEqualTo("redis.internal");
		assertThat(uri.getPort()).isEqualTo(6380);
		assertThat(uri.getDatabase()).isEqualTo(2);
		assertThat(uri.getSentinels()).isEmpty();
		assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void sentinelNodesNameTheSentinelsAndThePrimarysName() {
		RedisURI uri = RedisUris.of(properties(null,
				sentinel(List.of("s1.internal:26380", "s2.internal", "[fd00::3]:26381"), "nexus", "sentinel-pass"),
				"data-pass", 3));
		assertThat(uri.getSentinelMasterId()).isEqualTo("nexus");
		assertThat(uri.getDatabase()).isEqualTo(3);
		assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword()).isEqualTo("data-pass".toCharArray());
		assertThat(uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1.internal", "s2.internal", "fd00::3");
		assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26380, 26379, 26381);
		assertThat(uri.getSentinels()).allSatisfy((node) -> assertThat(
				node.getCredentialsProvider().resolveCredentials().block().getPassword()).isEqualTo("sentinel-pass".toCharArray()));
		assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void oneCommaSeparatedEntryIsSeveralNodes() {
		assertThat(RedisUris.nodes(List.of("a:1, b:2,c"))).containsExactly(new RedisUris.HostPort("a", 1),
				new RedisUris.HostPort("b", 2), new RedisUris.HostPort("c", 26379));
	}

	@Test
	void aMalformedNodeIsRefusedWithoutGuessing() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.HostPort.parse("host:port"));
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.HostPort.parse(":26379"));
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.HostPort.parse("host:70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.HostPort.parse("[fd00::1"));
	}

	@Test
	void aUrlAndSentinelsTogetherOrSentinelsWithoutAPrimaryNameAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(URI.create("redis://redis:6379"), sentinel(List.of("s1:26379"), "nexus", null), null, 0))
			.withMessageContaining("not both");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(null, sentinel(List.of("s1:26379"), null, null), null, 0))
			.withMessageContaining("NEXUS_REDIS_SENTINEL_MASTER");
		assertThat(properties(null, sentinel(List.of("s1:26379"), "nexus", null), null, 0).configured()).isTrue();
		assertThat(properties(null, sentinel(List.of(), null, null), null, 0).configured()).isFalse();
	}

	private static RedisProperties properties(URI url, RedisProperties.Sentinel sentinel, String password, int database) {
		return new RedisProperties(url, Duration.ofMillis(500), sentinel, password, database, "");
	}

	private static RedisProperties.Sentinel sentinel(List<String> nodes, String master, String password) {
		return new RedisProperties.Sentinel(nodes, master, password);
	}
}
