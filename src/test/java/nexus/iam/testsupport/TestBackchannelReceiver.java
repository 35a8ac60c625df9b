package nexus.iam.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The back-channel logout endpoints of the tests' relying parties: one loopback HTTP server per
 * test run, any path. It keeps every logout token posted to it ({@code logout_token=}, form-encoded)
 * and answers 200, or what a test asked it to answer next.
 */
public final class TestBackchannelReceiver {

	/** Paths of the two test clients that take back-channel logouts. */
	public static final String RP_A = "/rp-a/backchannel-logout";

	public static final String RP_B = "/rp-b/backchannel-logout";

	private static TestBackchannelReceiver instance;

	private final HttpServer server;

	private final Deque<Received> received = new ArrayDeque<>();

	private final Map<String, Deque<Integer>> answers = new HashMap<>();

	private TestBackchannelReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static synchronized TestBackchannelReceiver get() {
		if (instance == null) {
			instance = new TestBackchannelReceiver();
		}
		return instance;
	}

	public String uri(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** The next {@code times} requests to {@code path} are answered with {@code status}. */
	public void answerNext(String path, int status, int times) {
		synchronized (this.received) {
			Deque<Integer> next = this.answers.computeIfAbsent(path, (key) -> new ArrayDeque<>());
			for (int i = 0; i < times; i++) {
				next.add(status);
			}
		}
	}

	/** Every request received so far that matches. */
	public List<Received> received(Predicate<Received> filter) {
		synchronized (this.received) {
			return this.received.stream().filter(filter).toList();
		}
	}

	/** Waits until the requests that match number at least {@code count}, then returns them. */
	public List<Received> await(Predicate<Received> filter, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			List<Received> matching = received(filter);
			if (matching.size() >= count || System.nanoTime() > deadline) {
				return matching;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return matching;
			}
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		String path = exchange.getRequestURI().getPath();
		int status;
		synchronized (this.received) {
			Deque<Integer> next = this.answers.get(path);
			status = (next != null && !next.isEmpty()) ? next.poll() : 200;
			this.received.add(new Received(path, exchange.getRequestMethod(),
					exchange.getRequestHeaders().getFirst("Content-Type"), form.get("logout_token"), status));
		}
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	/**
	 * One request.
	 *
	 * @param path where it went
	 * @param method its method
	 * @param contentType its Content-Type
	 * @param logoutToken the {@code logout_token} form field, if any
	 * @param answered the status it got
	 */
	public record Received(String path, String method, String contentType, String logoutToken, int answered) {
	}
}
