package nexus.iam.backchannel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What discovery ({@code /.well-known/openid-configuration}) advertises of one sign-out: the
 * end-session endpoint of RP-Initiated Logout 1.0, and Back-Channel Logout 1.0 with {@code sid}.
 * Front-channel logout is not offered.
 */
public final class EndSessionEndpoint {

	/** The end-session endpoint's path, GET and POST. */
	public static final String PATH = "/connect/logout";

	private EndSessionEndpoint() {
	}

	/**
	 * The provider metadata to add to discovery.
	 * @param issuer the issuer, the public URL without a trailing slash
	 */
	public static Map<String, Object> discoveryMetadata(String issuer) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("end_session_endpoint", issuer + PATH);
		metadata.put("backchannel_logout_supported", true);
		metadata.put("backchannel_logout_session_supported", true);
		metadata.put("frontchannel_logout_supported", false);
		return metadata;
	}
}
