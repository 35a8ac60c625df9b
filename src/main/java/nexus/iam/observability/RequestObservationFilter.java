package nexus.iam.observability;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Per request: the request id (in the response, the MDC of every log line written meanwhile and,
 * with the user id, an attribute of the request's span), one access line
 * ({@code "Request completed"} with endpoint, method, status, duration and client address) and the
 * HTTP metrics {@code http_request_duration_seconds} and {@code http_requests_total}. Runs after
 * the trusted-proxy filter, so the address is the real client's, and inside Spring Boot's server
 * observation, so the access line carries the trace id.
 */
final class RequestObservationFilter extends OncePerRequestFilter {

	private static final Logger access = LoggerFactory.getLogger("nexus.iam.access");

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	private final MeterRegistry registry;

	private final EndpointResolver endpoints;

	RequestObservationFilter(MeterRegistry registry, EndpointResolver endpoints) {
		this.registry = registry;
		this.endpoints = endpoints;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
		response.setHeader(RequestIds.HEADER, requestId);
		MDC.put(LogFields.REQUEST_ID, requestId);
		Optional<ServerRequestObservationContext> span = ServerHttpObservationFilter.findObservationContext(request);
		span.ifPresent((context) -> context.addHighCardinalityKeyValue(KeyValue.of(LogFields.REQUEST_ID, requestId)));
		try {
			chain.doFilter(request, response);
		}
		finally {
			long nanos = System.nanoTime() - start;
			String userId = MDC.get(LogFields.USER_ID); // set by the authentication, if any
			if (userId != null) {
				span.ifPresent((context) -> context.addHighCardinalityKeyValue(KeyValue.of(LogFields.USER_ID, userId)));
			}
			record(request, response.getStatus(), nanos);
			MDC.remove(LogFields.REQUEST_ID);
			MDC.remove(LogFields.USER_ID);
		}
	}

	private void record(HttpServletRequest request, int status, long nanos) {
		String endpoint = this.endpoints.resolve(request, status);
		String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
		String statusTag = Integer.toString(status);
		Timer.builder("http.request.duration")
			.description("Time to answer an HTTP request, by route template")
			.tags("endpoint", endpoint, "method", method, "status", statusTag)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
		Counter.builder("http.requests")
			.description("HTTP requests answered, by route template")
			.tags("endpoint", endpoint, "method", method, "status", statusTag)
			.register(this.registry)
			.increment();
		if (access.isInfoEnabled()) {
			access.atInfo()
				.addKeyValue("endpoint", endpoint)
				.addKeyValue("method", method)
				.addKeyValue("status", status)
				.addKeyValue("duration_ms", Math.round(nanos / 10_000.0) / 100.0)
				.addKeyValue("ip", request.getRemoteAddr())
				.log("Request completed");
		}
	}
}
