package nexus.iam.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import nexus.iam.NexusIamApplication;

/**
 * Another instance of the service beside the tests' shared one: same PostgreSQL, same keys and
 * secrets (same data folder), its own port and its own memory, as a second node behind a proxy.
 */
public final class Node implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	private Node(ConfigurableApplicationContext context, int port) {
		this.context = context;
		this.port = port;
	}

	public static Node start(Map<String, String> settings) {
		int port = FreePorts.next();
		Map<String, String> all = new LinkedHashMap<>(settings);
		all.put("server.port", Integer.toString(port));
		all.put("management.server.port", Integer.toString(FreePorts.next()));
		all.put("nexus.login.dev-provider.enabled", "false");
		String[] args = all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new Node(new SpringApplicationBuilder(NexusIamApplication.class).run(args), port);
	}

	public String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}
}
