package nexus.iam.clientregistry;

/**
 * A registration request without a good bearer token: 401 with RFC 6750's {@code WWW-Authenticate}.
 * RFC 7592 §2 answers an unknown client the same way, so that a token cannot probe for client ids.
 */
final class RegistrationAccessDenied extends RuntimeException {

	/** Whether a token was presented at all (RFC 6750 §3.1: no error code when none was). */
	private final boolean tokenPresented;

	RegistrationAccessDenied(boolean tokenPresented) {
		super(null, null, false, false);
		this.tokenPresented = tokenPresented;
	}

	boolean tokenPresented() {
		return this.tokenPresented;
	}
}
