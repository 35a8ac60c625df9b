package nexus.iam.sso;

import java.util.Map;

import nexus.iam.problem.ErrorCode;

/** What forward-auth answers a request to a tool; the controller maps it to HTTP. */
sealed interface ForwardAuthDecision {

	/**
	 * Let the request through.
	 *
	 * @param headers the identity headers the proxy passes on to the tool (none for a bypass)
	 */
	record Allow(Map<String, String> headers) implements ForwardAuthDecision {
	}

	/** The rule wants a signed-in user and there is none (no token, or its user is gone). */
	record SignIn() implements ForwardAuthDecision {
	}

	/** The rule wants two factors and the user proved one. */
	record StepUp() implements ForwardAuthDecision {
	}

	/**
	 * Never for this user.
	 *
	 * @param code the problem's code
	 * @param detail why, for the problem's detail
	 */
	record Deny(ErrorCode code, String detail) implements ForwardAuthDecision {
	}
}
