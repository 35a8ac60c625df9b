package nexus.iam.redis;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisURI;

/**
 * The Lettuce address of the configured Redis: one server from {@code NEXUS_REDIS_URL}, or the
 * sentinels and the name of the primary they monitor. With Sentinel, Lettuce asks the sentinels for
 * the primary on every connect and reconnect.
 */
final class RedisUris {

	static final int DEFAULT_SENTINEL_PORT = 26379;

	private RedisUris() {
	}

	static RedisURI of(RedisProperties properties) {
		RedisURI uri = properties.sentinel().configured() ? sentinel(properties)
				: RedisURI.create(properties.url());
		uri.setTimeout(properties.commandTimeout());
		return uri;
	}

	private static RedisURI sentinel(RedisProperties properties) {
		RedisProperties.Sentinel sentinel = properties.sentinel();
		RedisURI.Builder builder = RedisURI.builder()
			.withSentinelMasterId(sentinel.master())
			.withDatabase(properties.database());
		if (properties.password() != null && !properties.password().isEmpty()) {
			builder.withPassword(properties.password().toCharArray());
		}
		for (HostPort node : nodes(sentinel.nodes())) {
			if (sentinel.password() != null && !sentinel.password().isEmpty()) {
				builder.withSentinel(node.host(), node.port(), sentinel.password());
			}
			else {
				builder.withSentinel(node.host(), node.port());
			}
		}
		return builder.build();
	}

	/** {@code host:port}, {@code host}, {@code [v6 address]:port}; entries may hold several, comma-separated. */
	static List<HostPort> nodes(List<String> entries) {
		List<HostPort> nodes = new ArrayList<>();
		for (String entry : entries) {
			for (String node : entry.split(",")) {
				String trimmed = node.strip();
				if (!trimmed.isEmpty()) {
					nodes.add(HostPort.parse(trimmed));
				}
			}
		}
		return nodes;
	}

	record HostPort(String host, int port) {

		static HostPort parse(String node) {
			String host = node;
			String port = null;
			if (node.startsWith("[")) { // [v6 address] or [v6 address]:port
				int close = node.indexOf(']');
				if (close < 0 || (close + 1 < node.length() && node.charAt(close + 1) != ':')) {
					throw invalid(node);
				}
				host = node.substring(1, close);
				port = (close + 1 < node.length()) ? node.substring(close + 2) : null;
			}
			else if (node.indexOf(':') >= 0 && node.indexOf(':') == node.lastIndexOf(':')) {
				host = node.substring(0, node.indexOf(':'));
				port = node.substring(node.indexOf(':') + 1);
			}
			try {
				int number = (port != null) ? Integer.parseInt(port) : DEFAULT_SENTINEL_PORT;
				if (host.isEmpty() || number < 1 || number > 65535) {
					throw invalid(node);
				}
				return new HostPort(host, number);
			}
			catch (NumberFormatException ex) {
				throw invalid(node);
			}
		}

		private static IllegalArgumentException invalid(String node) {
			return new IllegalArgumentException("A Sentinel node is host:port, got " + node);
		}
	}
}
