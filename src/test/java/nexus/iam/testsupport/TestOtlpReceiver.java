package nexus.iam.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OpenTelemetry collector as far as the tests need one: {@code POST /v1/traces} in OTLP/HTTP
 * (protobuf), started once per test run on a free loopback port. Every instance the tests start
 * exports its spans here; tests find theirs by trace id or attribute, waiting for the batch.
 */
public final class TestOtlpReceiver {

	public static final String PATH = "/v1/traces";

	/** Spans kept, newest last: enough for any one test, bounded over a whole run. */
	private static final int CAPACITY = 50_000;

	private static final HexFormat HEX = HexFormat.of();

	private static TestOtlpReceiver instance;

	private final HttpServer server;

	private final Deque<ReceivedSpan> spans = new ArrayDeque<>();

	private TestOtlpReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext(PATH, this::handle);
		this.server.start();
	}

	public static synchronized TestOtlpReceiver get() {
		if (instance == null) {
			instance = new TestOtlpReceiver();
		}
		return instance;
	}

	/** The OTLP/HTTP traces URL to export to. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + PATH;
	}

	/** Every span received so far that matches. */
	public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
		synchronized (this.spans) {
			return this.spans.stream().filter(filter).toList();
		}
	}

	/**
	 * Waits until the spans that match {@code filter} satisfy {@code done} (spans arrive in batches,
	 * in any order), then returns them.
	 */
	public List<ReceivedSpan> await(Predicate<ReceivedSpan> filter, Predicate<List<ReceivedSpan>> done) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		List<ReceivedSpan> found = spans(filter);
		while (!done.test(found)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the spans received never became complete: " + found);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
			found = spans(filter);
		}
		return found;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			for (ResourceSpans resource : request.getResourceSpansList()) {
				String service = attributes(resource.getResource().getAttributesList()).get("service.name");
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					for (Span span : scope.getSpansList()) {
						add(ReceivedSpan.of(service, span));
					}
				}
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
	}

	private void add(ReceivedSpan span) {
		synchronized (this.spans) {
			if (this.spans.size() == CAPACITY) {
				this.spans.removeFirst();
			}
			this.spans.addLast(span);
		}
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		Map<String, String> values = new LinkedHashMap<>();
		for (KeyValue attribute : attributes) {
			values.put(attribute.getKey(), text(attribute.getValue()));
		}
		return values;
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			case INT_VALUE -> Long.toString(value.getIntValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			default -> value.toString();
		};
	}

	private static String hex(ByteString bytes) {
		return HEX.formatHex(bytes.toByteArray());
	}

	/**
	 * One exported span, ids in lower-case hex as in a {@code traceparent} header.
	 *
	 * @param parentSpanId empty for a root span
	 */
	public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
			Span.SpanKind kind, Map<String, String> attributes) {

		static ReceivedSpan of(String service, Span span) {
			return new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
					hex(span.getParentSpanId()), span.getName(), span.getKind(),
					TestOtlpReceiver.attributes(span.getAttributesList()));
		}

		public String attribute(String key) {
			return this.attributes.get(key);
		}

		public boolean isChildOf(ReceivedSpan parent) {
			return this.traceId.equals(parent.traceId) && this.parentSpanId.equals(parent.spanId);
		}
	}
}
