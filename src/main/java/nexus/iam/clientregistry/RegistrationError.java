package nexus.iam.clientregistry;

/** The error codes of RFC 7591 §3.2.2 (and RFC 6750's for the bearer token), as sent. */
enum RegistrationError {

	INVALID_REDIRECT_URI("invalid_redirect_uri"),
	INVALID_CLIENT_METADATA("invalid_client_metadata"),
	INVALID_TOKEN("invalid_token");

	private final String code;

	RegistrationError(String code) {
		this.code = code;
	}

	String code() {
		return this.code;
	}
}
