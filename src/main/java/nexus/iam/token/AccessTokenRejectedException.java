package nexus.iam.token;

/** An access token failed verification; the reason says which check. */
public final class AccessTokenRejectedException extends RuntimeException {

	/** The check that failed. */
	public enum Reason {

		/** Not a compact JWS, or not parseable. */
		MALFORMED,
		/** Wrong algorithm, unknown key, unsigned or a signature that does not verify. */
		BAD_SIGNATURE,
		/** Past its {@code exp}. */
		EXPIRED,
		/** Wrong {@code iss}, {@code aud} or type, or a required claim missing or malformed. */
		INVALID_CLAIMS
	}

	private final Reason reason;

	AccessTokenRejectedException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}
}
