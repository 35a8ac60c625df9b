package nexus.iam.testsupport;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OIDC provider (navikt's mock-oauth2-server) that plays Google for the tests: started once
 * per test run, issuer {@code http://localhost:<port>/google}. Each sign-in in a test first says
 * who signs in ({@link #nextSignIn}); a test can also make the provider misbehave in exactly one
 * way (wrong claims, or a signature by a key it does not publish).
 */
public final class TestOidcProvider {

	public static final String ISSUER_ID = "google";

	public static final String CLIENT_ID = "nexus-test-client";

	public static final String CLIENT_SECRET = "nexus-test-client-secret-0123456789abcdef";

	private static TestOidcProvider instance;

	private final MockOAuth2Server server;

	private final SwitchableKeyProvider keys = new SwitchableKeyProvider();

	/** Who the provider signs in: set by each test before its sign-in, kept until the next one. */
	private final AtomicReference<Callback> next = new AtomicReference<>(
			new Callback("default-subject", "default@example.com", Map.of()));

	private TestOidcProvider() {
		OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(this.keys),
				Set.of(new NextSignIn(this.next)), new MockWebServerWrapper());
		this.server = new MockOAuth2Server(config);
		this.server.start(InetAddress.getLoopbackAddress(), 0);
	}

	public static synchronized TestOidcProvider get() {
		if (instance == null) {
			instance = new TestOidcProvider();
		}
		return instance;
	}

	public String issuer() {
		return this.server.issuerUrl(ISSUER_ID).toString();
	}

	/** The next code exchange yields an ID token for this user. */
	public void nextSignIn(String subject, String email) {
		nextSignIn(subject, email, Map.of());
	}

	/** The next code exchange yields an ID token for this user with claims replaced or added. */
	public void nextSignIn(String subject, String email, Map<String, Object> claimOverrides) {
		this.next.set(new Callback(subject, email, claimOverrides));
	}

	/** The discovery document's URL: what a relying party is configured with. */
	public String metadataUrl() {
		return this.server.wellKnownUrl(ISSUER_ID).toString();
	}

	/**
	 * An OpenID Connect Back-Channel Logout 1.0 logout token (§2.4) for the session {@code sid},
	 * signed with the provider's published key: what a provider POSTs to a relying party.
	 */
	public String logoutToken(String subject, String audience, String sid) {
		Map<String, Object> claims = Map.of("sid", sid, "events",
				Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
		// the client id given here becomes the token's azp
		return this.server.issueToken(ISSUER_ID, audience, new LogoutTokenCallback(subject, audience, claims)).serialize();
	}

	private record LogoutTokenCallback(String subject, String audience, Map<String, Object> claims)
			implements OAuth2TokenCallback {

		@Override
		public String issuerId() {
			return ISSUER_ID;
		}

		@Override
		public String subject(TokenRequest request) {
			return this.subject;
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return "logout+jwt";
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return List.of(this.audience);
		}

		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			return this.claims;
		}

		@Override
		public long tokenExpiry() {
			return 120;
		}
	}

	/** Signs the following ID tokens with a key the provider does not publish, under a published kid. */
	public void signWithUnpublishedKey(boolean rogue) {
		this.keys.rogue = rogue;
	}

	private record Callback(String subject, String email, Map<String, Object> overrides) implements OAuth2TokenCallback {

		@Override
		public String issuerId() {
			return ISSUER_ID;
		}

		@Override
		public String subject(TokenRequest request) {
			return this.subject;
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return "JWT";
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return List.of(CLIENT_ID);
		}

		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			Map<String, Object> claims = new java.util.HashMap<>(
					Map.of("email", this.email, "email_verified", true, "name", "Test User", "locale", "en"));
			claims.putAll(this.overrides);
			return claims;
		}

		@Override
		public long tokenExpiry() {
			return 300;
		}
	}

	/** Delegates to whatever {@link #nextSignIn} set last, so no stale answer waits in a queue. */
	private record NextSignIn(AtomicReference<Callback> next) implements OAuth2TokenCallback {

		@Override
		public String issuerId() {
			return ISSUER_ID;
		}

		@Override
		public String subject(TokenRequest request) {
			return this.next.get().subject(request);
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return this.next.get().typeHeader(request);
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return this.next.get().audience(request);
		}

		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			return this.next.get().addClaims(request);
		}

		@Override
		public long tokenExpiry() {
			return this.next.get().tokenExpiry();
		}
	}

	/** Hands out a different RSA key under the genuine kid while {@code rogue} is set. */
	private static final class SwitchableKeyProvider extends KeyProvider {

		private volatile boolean rogue;

		private final RSAKey rogueKey;

		SwitchableKeyProvider() {
			super(List.of(), "RS256");
			try {
				this.rogueKey = new RSAKeyGenerator(2048).generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public JWK signingKey(String keyId) {
			JWK genuine = super.signingKey(keyId);
			return this.rogue ? new RSAKey.Builder(this.rogueKey).keyID(genuine.getKeyID()).build() : genuine;
		}
	}
}
