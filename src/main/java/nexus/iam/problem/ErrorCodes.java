package nexus.iam.problem;

/** Maps a bare HTTP status (from the servlet container or Spring MVC) to its generic code. */
final class ErrorCodes {

	private ErrorCodes() {
	}

	static ErrorCode forStatus(int status) {
		return switch (status) {
			case 401 -> ErrorCode.UNAUTHENTICATED;
			case 403 -> ErrorCode.FORBIDDEN;
			case 404 -> ErrorCode.NOT_FOUND;
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
			case 406 -> ErrorCode.NOT_ACCEPTABLE;
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
			case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			case 501 -> ErrorCode.NOT_IMPLEMENTED;
			case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
			case 505 -> ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
			default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
		};
	}
}
