package nexus.iam.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The HTTP calls to one sign-in provider (discovery, code exchange, JWKS), each observed as a
 * client span {@code oidc <operation>} under whatever request caused it, and each carrying the
 * trace context to the provider in a W3C {@code traceparent} header. Spring Boot's tracing
 * writes that header into the map handed to each call; the call copies it onto its request.
 */
final class ProviderCalls {

	/** The observation's name; its meters are denied (see ObservabilityConfiguration), spans stay. */
	static final String OBSERVATION = "oidc.client.requests";

	enum Operation {

		DISCOVERY, TOKEN, JWKS;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** One HTTP exchange with the provider, sending {@code traceHeaders} along. */
	@FunctionalInterface
	interface Call<T, E extends Exception> {

		T send(Map<String, String> traceHeaders) throws E;
	}

	private final ObservationRegistry registry;

	private final String provider;

	ProviderCalls(ObservationRegistry registry, String provider) {
		this.registry = registry;
		this.provider = provider;
	}

	<T, E extends Exception> T observe(Operation operation, URI uri, Call<T, E> call) throws E {
		Map<String, String> headers = new LinkedHashMap<>();
		SenderContext<Map<String, String>> context = new SenderContext<>(Map::put, Kind.CLIENT);
		context.setCarrier(headers);
		context.setRemoteServiceName(this.provider);
		context.setRemoteServiceAddress(uri.getScheme() + "://" + uri.getAuthority());
		Observation observation = Observation.createNotStarted(OBSERVATION, () -> context, this.registry)
			.contextualName("oidc " + operation.tag())
			.lowCardinalityKeyValue("oidc.provider", this.provider)
			.lowCardinalityKeyValue("oidc.operation", operation.tag())
			// endpoints of the provider's metadata: no query, no credentials
			.highCardinalityKeyValue("url.full", uri.toString())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			T result = call.send(headers);
			if (result instanceof HTTPResponse response) {
				context.addLowCardinalityKeyValue(
						KeyValue.of("http.response.status_code", Integer.toString(response.getStatusCode())));
			}
			return result;
		}
		catch (Exception ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** Fetches the provider's JWKS, at most {@code sizeLimit} bytes, as an observed call. */
	ResourceRetriever jwksRetriever(int timeoutMillis, int sizeLimit) {
		return (url) -> observe(Operation.JWKS, uri(url), (traceHeaders) -> {
			// one retriever per fetch: its headers are this call's trace context
			DefaultResourceRetriever retriever = new DefaultResourceRetriever(timeoutMillis, timeoutMillis, sizeLimit);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			traceHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
			retriever.setHeaders(headers);
			return retriever.retrieveResource(url);
		});
	}

	private static URI uri(URL url) throws IOException {
		try {
			return url.toURI();
		}
		catch (URISyntaxException ex) {
			throw new IOException("Not a valid JWKS URL: " + url, ex);
		}
	}
}
