package nexus.iam.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

import jakarta.servlet.RequestDispatcher;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests {

	private static final SQLTransientConnectionException POOL_TIMEOUT = new SQLTransientConnectionException(
			"nexus - Connection is not available, request timed out after 5000ms");

	@Test
	void poolTimeoutHoweverWrappedIsUnavailable() {
		assertThat(DatabaseUnavailable.is(POOL_TIMEOUT)).isTrue();
		assertThat(DatabaseUnavailable.is(new CannotGetJdbcConnectionException("no connection", POOL_TIMEOUT))).isTrue();
		assertThat(DatabaseUnavailable.is(new CannotCreateTransactionException("no transaction", POOL_TIMEOUT)))
			.isTrue();
		assertThat(DatabaseUnavailable.is(new IllegalStateException("servlet", new CannotCreateTransactionException(
				"no transaction", new CannotGetJdbcConnectionException("no connection", POOL_TIMEOUT))))).isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(DatabaseUnavailable.is(null)).isFalse();
		assertThat(DatabaseUnavailable.is(new IllegalStateException("bug"))).isFalse();
		assertThat(DatabaseUnavailable.is(new DataIntegrityViolationException("duplicate", new SQLException("23505"))))
			.isFalse();
	}

	@Test
	void aLoopingCauseChainEnds() {
		Exception first = new IllegalStateException("a");
		Exception second = new IllegalStateException("b", first);
		first.initCause(second);
		assertThat(DatabaseUnavailable.is(first)).isFalse();
	}

	@Test
	void errorPageOfAFilterFailureWithoutConnectionIs503WithRetryAfter() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION,
				new CannotGetJdbcConnectionException("no connection", POOL_TIMEOUT));
		MockHttpServletResponse response = new MockHttpServletResponse();

		var answer = new ProblemErrorController().error(request, response);

		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(answer.getBody()).isInstanceOfSatisfying(ProblemDetail.class,
				(problem) -> assertThat(problem.getProperties()).containsEntry("code", "service_unavailable"));
	}

	@Test
	void errorPageOfAnyOther500StaysInternalError() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("bug"));
		MockHttpServletResponse response = new MockHttpServletResponse();

		var answer = new ProblemErrorController().error(request, response);

		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(response.getHeader("Retry-After")).isNull();
	}
}
