package nexus.iam.problem;

/** The response header that carries the request id (set by the observability filter first of all). */
final class RequestIdHeader {

	static final String NAME = "X-Request-ID";

	private RequestIdHeader() {
	}
}
