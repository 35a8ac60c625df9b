package nexus.iam.testsupport;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A second real OIDC provider playing Sign in with Apple: its own mock-oauth2-server, issuer
 * {@code http://127.0.0.1:<port>/apple} (127.0.0.1, not localhost: another site than the service,
 * so a browser treats its form_post callback as the cross-site POST Apple's is), Apple's claim
 * shapes, and the service's Apple key pair (the client secret it signs is checked against it).
 */
public final class TestAppleProvider {

	public static final String ISSUER_ID = "apple";

	/** A Services ID, as Apple's client ids look. */
	public static final String CLIENT_ID = "com.nexus.test.signin";

	public static final String TEAM_ID = "NEXUSTEAM1";

	public static final String KEY_ID = "NEXUSKEY01";

	private static TestAppleProvider instance;

	private final MockOAuth2Server server;

	private final KeyPair appleKey;

	private final AtomicReference<Map<String, Object>> nextClaims = new AtomicReference<>(Map.of());

	private final AtomicReference<String> nextSubject = new AtomicReference<>("000000.default.0000");

	private TestAppleProvider() {
		this.appleKey = ecKeyPair();
		OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(new KeyProvider(List.of(), "RS256")),
				Set.of(new NextSignIn()), new MockWebServerWrapper());
		this.server = new MockOAuth2Server(config);
		this.server.start(InetAddress.getLoopbackAddress(), 0);
	}

	public static synchronized TestAppleProvider get() {
		if (instance == null) {
			instance = new TestAppleProvider();
		}
		return instance;
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.url("/").port() + "/" + ISSUER_ID;
	}

	/** The settings that make the service offer this provider as {@code apple}. */
	public Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("nexus.login.providers.apple.issuer", issuer());
		settings.put("nexus.login.providers.apple.client-id", CLIENT_ID);
		settings.put("nexus.login.providers.apple.apple.team-id", TEAM_ID);
		settings.put("nexus.login.providers.apple.apple.key-id", KEY_ID);
		settings.put("nexus.login.providers.apple.apple.private-key", privateKeyPem());
		return settings;
	}

	public ECPublicKey publicKey() {
		return (ECPublicKey) this.appleKey.getPublic();
	}

	/**
	 * The next code exchange yields an ID token for this Apple user, with these claims (Apple's
	 * shapes: {@code email_verified} and {@code is_private_email} as strings or booleans).
	 */
	public void nextSignIn(String subject, Map<String, Object> claims) {
		this.nextSubject.set(subject);
		this.nextClaims.set(Map.copyOf(claims));
	}

	/** The oldest request the provider received and no one has read yet; null when there is none. */
	public RecordedRequest takeRequestNow() {
		try {
			return this.server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			return null; // the mock reports an empty queue by throwing
		}
	}

	private String privateKeyPem() {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(this.appleKey.getPrivate().getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
	}

	private static KeyPair ecKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final class NextSignIn implements OAuth2TokenCallback {

		@Override
		public String issuerId() {
			return ISSUER_ID;
		}

		@Override
		public String subject(TokenRequest request) {
			return TestAppleProvider.this.nextSubject.get();
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return "JWT";
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return List.of(CLIENT_ID);
		}

		/** Claims given to {@link #nextSignIn} win, {@code aud} included (to test a wrong one). */
		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			return new HashMap<>(TestAppleProvider.this.nextClaims.get());
		}

		@Override
		public long tokenExpiry() {
			return 600;
		}
	}
}
