package nexus.iam.config;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Production allows plain http only on this machine: which hosts count as this machine. */
class LocalHostsTests {

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080", "http://LOCALHOST", "http://app.localhost", "http://127.0.0.1:9",
			"http://127.1.2.3", "http://127.255.255.255", "http://[::1]:8080" })
	void thisMachine(String uri) {
		assertThat(LocalHosts.isLocal(URI.create(uri))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.evil.example", "http://127.0.0.1.evil.example", "http://127.0.0.256",
			"http://127.0.0", "http://127..0.1", "http://localhost.evil.example", "http://evil-localhost",
			"http://128.0.0.1", "http://10.0.0.1", "http://[::2]", "http://0127.0.0.1" })
	void notThisMachine(String uri) {
		assertThat(LocalHosts.isLocal(URI.create(uri))).isFalse();
	}

	@org.junit.jupiter.api.Test
	void noHostIsNotLocal() {
		assertThat(LocalHosts.isLocal((URI) null)).isFalse();
		assertThat(LocalHosts.isLocal(URI.create("mailto:someone@localhost"))).isFalse();
	}
}
