package nexus.iam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * Plays VictoriaMetrics' import API ({@code POST /api/v1/import/prometheus}) for scripts that push
 * metrics: keeps every body it receives and answers 204, as VictoriaMetrics does.
 */
public final class MetricsReceiver implements AutoCloseable {

	public static final String PATH = "/api/v1/import/prometheus";

	private final HttpServer server;

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	public MetricsReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext(PATH, (exchange) -> {
			try (exchange) {
				if ("POST".equals(exchange.getRequestMethod())) {
					this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
					exchange.sendResponseHeaders(204, -1);
				}
				else {
					exchange.sendResponseHeaders(405, -1);
				}
			}
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + PATH;
	}

	/** The bodies received so far, oldest first. */
	public List<String> bodies() {
		return List.copyOf(this.bodies);
	}

	/** The samples of one body in Prometheus text format: series (name and labels) → value. */
	public static Map<String, String> samples(String body) {
		Map<String, String> samples = new TreeMap<>();
		for (String line : body.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int space = line.lastIndexOf(' ');
				samples.put(line.substring(0, space), line.substring(space + 1));
			}
		}
		return samples;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}
}
