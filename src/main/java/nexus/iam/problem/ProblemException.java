package nexus.iam.problem;

/**
 * A failure that the client should see as a problem response with a stable code. The detail is
 * shown to the client, so it must never carry a secret or a hint that helps an attacker.
 */
public class ProblemException extends RuntimeException {

	private final ErrorCode errorCode;

	public ProblemException(ErrorCode errorCode) {
		this(errorCode, errorCode.title(), null);
	}

	public ProblemException(ErrorCode errorCode, String detail) {
		this(errorCode, detail, null);
	}

	public ProblemException(ErrorCode errorCode, String detail, Throwable cause) {
		super(detail, cause);
		this.errorCode = errorCode;
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}
}
