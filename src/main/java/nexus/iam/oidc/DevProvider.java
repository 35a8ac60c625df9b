package nexus.iam.oidc;

import java.net.InetAddress;
import java.net.URI;
import java.util.Set;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development sign-in provider: a real OIDC server (navikt's mock-oauth2-server) in this
 * process, on loopback, that signs in whoever's e-mail address is typed on the development page.
 * It speaks the same protocol as Google, so the development path exercises the production code.
 */
final class DevProvider implements AutoCloseable {

	static final String NAME = "dev";

	static final String CLIENT_ID = "nexus-iam-dev";

	/** The in-process provider accepts any secret; this one is never a production secret. */
	static final String CLIENT_SECRET = "nexus-iam-dev-client";

	private static final Logger log = LoggerFactory.getLogger(DevProvider.class);

	private final MockOAuth2Server server;

	DevProvider(int port, DevLoginHints hints) {
		OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
				Set.of(new DevTokenCallback(NAME, CLIENT_ID, hints)), new MockWebServerWrapper());
		this.server = new MockOAuth2Server(config);
		try {
			this.server.start(InetAddress.getLoopbackAddress(), port);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("The development provider cannot listen on port " + port, ex);
		}
		log.info("Development sign-in provider listening at {}", issuer());
	}

	URI issuer() {
		return this.server.issuerUrl(NAME).uri();
	}

	@Override
	public void close() {
		this.server.shutdown();
	}
}
