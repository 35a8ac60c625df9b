package nexus.iam.session;

import java.util.UUID;

import nexus.iam.problem.ErrorCode;
import nexus.iam.token.TokenPair;

/** What a refresh came to: a token pair, or the reason it was refused. */
public sealed interface RefreshOutcome {

	/**
	 * The next pair of the session (or, for a retry inside the grace window, the same pair again).
	 *
	 * @param userId whose session
	 * @param sessionId the session
	 * @param tokens the pair to hand out
	 * @param retried whether this is the pair of an earlier rotation, handed out again
	 */
	record Rotated(UUID userId, UUID sessionId, TokenPair tokens, boolean retried) implements RefreshOutcome {
	}

	/**
	 * Refused; nothing about the session changed except after {@link Reason#REUSED}.
	 *
	 * @param reason why
	 */
	record Refused(Reason reason) implements RefreshOutcome {
	}

	/** Why a refresh was refused, each with its own error code. */
	enum Reason {

		/** Not one of ours: unknown or not even shaped like a refresh token. */
		INVALID(ErrorCode.REFRESH_TOKEN_INVALID),
		EXPIRED(ErrorCode.REFRESH_TOKEN_EXPIRED),
		REVOKED(ErrorCode.REFRESH_TOKEN_REVOKED),
		/** Replayed after the grace window: the session was revoked as stolen. */
		REUSED(ErrorCode.REFRESH_TOKEN_REUSED),
		SESSION_EXPIRED(ErrorCode.SESSION_EXPIRED);

		private final ErrorCode errorCode;

		Reason(ErrorCode errorCode) {
			this.errorCode = errorCode;
		}

		public ErrorCode errorCode() {
			return this.errorCode;
		}
	}
}
