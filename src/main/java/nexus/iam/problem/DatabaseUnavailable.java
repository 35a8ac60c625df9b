package nexus.iam.problem;

import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means that no database connection could be had: the pool stayed exhausted
 * for the whole connection timeout, or the database is unreachable. That is the service being
 * busy or degraded, not a fault of the request, so it is answered with 503 and a {@code Retry-After}
 * rather than 500, and a client or load balancer may try again.
 */
final class DatabaseUnavailable {

	/** Seconds a client is asked to wait: about one pool timeout. */
	static final String RETRY_AFTER_SECONDS = "5";

	private DatabaseUnavailable() {
	}

	static boolean is(@Nullable Throwable failure) {
		// Spring wraps Hikari's timeout once or twice; a cause chain is short, but guard against loops
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (current instanceof CannotGetJdbcConnectionException
					|| current instanceof CannotCreateTransactionException
					|| current instanceof SQLTransientConnectionException) {
				return true;
			}
			current = current.getCause();
		}
		return false;
	}
}
