package nexus.iam.account;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/** The status line after a form was posted; only these, never text from the URL. */
enum Notice {

	SIGNED_OUT("signed-out", "The session was signed out."),
	SIGNED_OUT_OTHERS("signed-out-others", "All your other sessions were signed out."),
	NOT_FOUND("not-found", "That session had already ended."),
	LINKED("linked", "The sign-in method was added."),
	UNLINKED("unlinked", "The sign-in method was removed."),
	UNLINKED_SIGNED_OUT("unlinked-signed-out",
			"The sign-in method was removed, and the sessions signed in with it were signed out."),
	LAST_IDENTITY("last-identity", "That is the only way to sign in to your account: add another before removing it."),
	IDENTITY_NOT_FOUND("identity-not-found", "That sign-in method was already removed.");

	private final String param;

	private final String message;

	Notice(String param, String message) {
		this.param = param;
		this.message = message;
	}

	public String param() {
		return this.param;
	}

	public String message() {
		return this.message;
	}

	static @Nullable Notice of(@Nullable String param) {
		return Arrays.stream(values()).filter((notice) -> notice.param.equals(param)).findFirst().orElse(null);
	}
}
