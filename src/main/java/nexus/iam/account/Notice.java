package nexus.iam.account;

import org.jspecify.annotations.Nullable;

import nexus.iam.page.PageNotice;

/** The status line after a form was posted; only these, never text from the URL. */
enum Notice implements PageNotice {

	SIGNED_OUT("signed-out", "The session was signed out."),
	SIGNED_OUT_OTHERS("signed-out-others", "All your other sessions were signed out."),
	NOT_FOUND("not-found", true, "That session had already ended."),
	LINKED("linked", "The sign-in method was added."),
	UNLINKED("unlinked", "The sign-in method was removed."),
	UNLINKED_SIGNED_OUT("unlinked-signed-out",
			"The sign-in method was removed, and the sessions signed in with it were signed out."),
	LAST_IDENTITY("last-identity", true, "That is the only way to sign in to your account: add another before removing it."),
	IDENTITY_NOT_FOUND("identity-not-found", true, "That sign-in method was already removed."),
	LINK_REFUSED("link-refused", true, "The provider did not confirm that sign-in, so nothing was added. Try again."),
	LINK_TAKEN("link-taken", true,
			"That sign-in belongs to another account, so it was not added here. Sign in with it and remove it there first."),
	LINK_UNAVAILABLE("link-unavailable", true, "The provider cannot be reached just now, so nothing was added. Try again later.");

	private final String param;

	private final String message;

	private final boolean problem;

	Notice(String param, String message) {
		this(param, false, message);
	}

	Notice(String param, boolean problem, String message) {
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

	static @Nullable Notice of(@Nullable String param) {
		return PageNotice.of(Notice.class, param);
	}
}
