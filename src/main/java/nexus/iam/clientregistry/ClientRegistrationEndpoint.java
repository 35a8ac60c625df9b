package nexus.iam.clientregistry;

/**
 * Where OAuth 2.0 Dynamic Client Registration (RFC 7591) and its management (RFC 7592) answer:
 * for discovery's {@code registration_endpoint}, e.g.
 * {@code builder.clientRegistrationEndpoint(ClientRegistrationEndpoint.url(issuer))}.
 */
public final class ClientRegistrationEndpoint {

	/** The registration endpoint's path: {@code POST} registers a client. */
	public static final String PATH = "/connect/register";

	/** A registered client's configuration endpoint (RFC 7592): {@code GET}, {@code PUT}, {@code DELETE}. */
	public static final String CLIENT_PATH = PATH + "/{client_id}";

	private ClientRegistrationEndpoint() {
	}

	/** The registration endpoint's URL under the issuer (the public URL, no trailing slash). */
	public static String url(String issuer) {
		return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + PATH;
	}
}
