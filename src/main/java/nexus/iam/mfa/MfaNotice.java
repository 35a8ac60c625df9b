package nexus.iam.mfa;

import org.jspecify.annotations.Nullable;

import nexus.iam.page.PageNotice;
import nexus.iam.problem.ErrorCode;

/** The status line of the two-factor pages; only these, never text from the URL. */
enum MfaNotice implements PageNotice {

	DISABLED("disabled", "Two-factor authentication is off."),
	WRONG_CODE("wrong-code", true, "That code is wrong. Check the time on your phone and try again."),
	REPLAYED("replayed", true, "That code was already used. Wait for the next one."),
	LOCKED("locked", true, "Too many wrong codes. Try again in a few minutes."),
	NOT_ENABLED("not-enabled", true, "Two-factor authentication is not set up."),
	ALREADY_ENABLED("already-enabled", true, "Two-factor authentication is already on."),
	NO_ENROLMENT("no-enrolment", true, "Start the set-up first."),
	FAILED("failed", true, "That did not work. Try again.");

	private final String param;

	private final String message;

	private final boolean problem;

	MfaNotice(String param, String message) {
		this(param, false, message);
	}

	MfaNotice(String param, boolean problem, String message) {
		this.param = param;
		this.problem = problem;
		this.message = message;
	}

	@Override
	public boolean problem() {
		return this.problem;
	}

	@Override
	public String param() {
		return this.param;
	}

	@Override
	public String message() {
		return this.message;
	}

	static @Nullable MfaNotice of(@Nullable String param) {
		return PageNotice.of(MfaNotice.class, param);
	}

	static MfaNotice of(ErrorCode code) {
		return switch (code) {
			case MFA_CODE_INVALID -> WRONG_CODE;
			case MFA_CODE_REPLAYED -> REPLAYED;
			case MFA_LOCKED -> LOCKED;
			case MFA_NOT_ENABLED -> NOT_ENABLED;
			case MFA_ALREADY_ENABLED -> ALREADY_ENABLED;
			case MFA_NO_ENROLMENT -> NO_ENROLMENT;
			default -> FAILED;
		};
	}
}
