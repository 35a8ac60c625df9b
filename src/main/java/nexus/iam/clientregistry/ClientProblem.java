package nexus.iam.clientregistry;

/**
 * Why a client's metadata is refused.
 *
 * @param error the RFC 7591 error code
 * @param description the {@code error_description}: names the member, never echoes its value
 */
record ClientProblem(RegistrationError error, String description) {

	static ClientProblem redirectUri(String description) {
		return new ClientProblem(RegistrationError.INVALID_REDIRECT_URI, description);
	}

	static ClientProblem metadata(String description) {
		return new ClientProblem(RegistrationError.INVALID_CLIENT_METADATA, description);
	}
}
