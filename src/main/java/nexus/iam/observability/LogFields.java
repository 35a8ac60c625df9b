package nexus.iam.observability;

/** The MDC keys every log line may carry, named as the platform's log schema names them. */
public final class LogFields {

	public static final String REQUEST_ID = "request_id";

	public static final String USER_ID = "user_id";

	/** Where Micrometer Tracing puts the ids of the current span. */
	static final String TRACE_ID_MDC = "traceId";

	static final String SPAN_ID_MDC = "spanId";

	private LogFields() {
	}
}
