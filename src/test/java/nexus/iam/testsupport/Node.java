package nexus.iam.testsupport;

import java.time.Clock;
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

	private final int managementPort;

	private Node(ConfigurableApplicationContext context, int port, int managementPort) {
		this.context = context;
		this.port = port;
		this.managementPort = managementPort;
	}

	public static Node start(Map<String, String> settings) {
		return start(settings, null);
	}

	/**
	 * A node whose clock is the given one, e.g. the tests' {@link TestClock}, so that moving it
	 * moves every node at once; null for the system clock.
	 */
	public static Node start(Map<String, String> settings, Clock clock) {
		// a caller that must know the port before the start (its public URL) sets server.port itself
		int port = settings.containsKey("server.port") ? Integer.parseInt(settings.get("server.port"))
				: FreePorts.next();
		int managementPort = FreePorts.next();
		Map<String, String> all = new LinkedHashMap<>(settings);
		all.put("server.port", Integer.toString(port));
		all.put("management.server.port", Integer.toString(managementPort));
		all.put("nexus.login.dev-provider.enabled", "false");
		String[] args = all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(NexusIamApplication.class);
		if (clock != null) {
			// before the configuration is read, so that it replaces the application's own clock
			builder.initializers((context) -> context.getBeanFactory().registerSingleton("clock", clock));
		}
		return new Node(builder.run(args), port, managementPort);
	}

	public String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	public String managementUrl(String path) {
		return "http://localhost:" + this.managementPort + path;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}
}
