package nexus.iam.oidc;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.login.LoginProperties;
import nexus.iam.login.LoginProperties.ClientAuthentication;
import nexus.iam.login.LoginProperties.ProviderProperties;
import nexus.iam.problem.ProblemException;
import nexus.iam.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each call to a provider (discovery, code exchange, JWKS) is an observation, a client span once
 * tracing is on, and sends the trace context the tracer wrote for it. A real OIDC provider of its
 * own records what arrives; a stand-in tracer writes one {@code traceparent} per call.
 */
class ProviderCallsTests {

	private static final String ISSUER_ID = "tracing";

	private static final String CLIENT_ID = "client-1";

	private final MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
			new OAuth2TokenProvider(), Set.of(), new MockWebServerWrapper()));

	private final ObservationRegistry registry = ObservationRegistry.create();

	/** The traceparent written for each observation, by its span name. */
	private final Map<String, String> traceparents = new LinkedHashMap<>();

	@BeforeEach
	void start() {
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		this.registry.observationConfig().observationHandler(new StandInTracer());
	}

	@AfterEach
	void stop() {
		this.server.shutdown();
	}

	@Test
	void aSignInsCallsAreObservedAndEachCarriesItsTraceparent() throws Exception {
		OidcProvider provider = provider(URI.create(this.server.issuerUrl(ISSUER_ID).toString()));
		LoginState state = new LoginState(ISSUER_ID, "state-1", "nonce-1", new CodeVerifier().getValue(), "/");
		this.server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-1", "JWT", List.of(CLIENT_ID),
				Map.of("email", "someone@example.com"), 300));

		URI authorize = provider.authorizationUri(state, null);
		ExternalIdentity identity = provider.exchange(code(authorize), state);

		assertThat(identity.subject()).isEqualTo("subject-1");
		assertThat(this.traceparents.keySet()).containsExactly("oidc discovery", "oidc token", "oidc jwks");
		Map<String, String> received = new LinkedHashMap<>();
		for (int i = 0; i < 4; i++) { // discovery, the test's own authorize, token, JWKS
			RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
			received.put(request.getRequestUrl().encodedPath(), String.valueOf(request.getHeader("traceparent")));
		}
		assertThat(received).containsEntry("/" + ISSUER_ID + "/.well-known/openid-configuration",
				this.traceparents.get("oidc discovery"))
			.containsEntry("/" + ISSUER_ID + "/token", this.traceparents.get("oidc token"))
			.containsEntry("/" + ISSUER_ID + "/jwks", this.traceparents.get("oidc jwks"))
			.containsEntry("/" + ISSUER_ID + "/authorize", "null");
	}

	@Test
	void anUnreachableProviderIsAFailedDiscoverySpan() {
		List<Observation.Context> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				if (context.getError() != null) {
					failed.add(context);
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		OidcProvider provider = provider(URI.create("http://127.0.0.1:" + FreePorts.next() + "/" + ISSUER_ID));
		LoginState state = new LoginState(ISSUER_ID, "state-1", "nonce-1", new CodeVerifier().getValue(), "/");

		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> provider.authorizationUri(state, null));

		assertThat(failed).singleElement().satisfies((context) -> {
			assertThat(context.getContextualName()).isEqualTo("oidc discovery");
			assertThat(context.getLowCardinalityKeyValue("oidc.operation").getValue()).isEqualTo("discovery");
			assertThat(context.getLowCardinalityKeyValue("oidc.provider").getValue()).isEqualTo(ISSUER_ID);
		});
	}

	private OidcProvider provider(URI issuer) {
		ProviderProperties properties = new ProviderProperties(issuer, CLIENT_ID, "client-secret",
				List.of("openid", "email"), ClientAuthentication.CLIENT_SECRET_BASIC, "RS256", null, null,
				new LoginProperties.AppleProperties(null, null, null, null, java.time.Duration.ofDays(30)));
		return new OidcProvider(ISSUER_ID, properties, issuer, URI.create("http://localhost/api/auth/tracing/callback"),
				2000, java.time.Clock.systemUTC(), this.registry);
	}

	/** The provider answers the authorization request at once with a redirect carrying the code. */
	private static String code(URI authorize) throws Exception {
		try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(authorize).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			Matcher code = Pattern.compile("[?&]code=([^&]+)")
				.matcher(response.headers().firstValue("Location").orElseThrow());
			assertThat(code.find()).isTrue();
			return code.group(1);
		}
	}

	/** Writes a traceparent into each outgoing call's carrier, as Micrometer Tracing's handler does. */
	private final class StandInTracer implements ObservationHandler<SenderContext<Object>> {

		@Override
		public void onStart(SenderContext<Object> context) {
			String traceparent = "00-0af7651916cd43dd8448eb211c80319c-%016x-01".formatted(traceparents.size() + 1);
			traceparents.put(context.getContextualName(), traceparent);
			context.getSetter().set(context.getCarrier(), "traceparent", traceparent);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof SenderContext<?>;
		}
	}
}
