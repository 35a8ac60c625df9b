package nexus.iam.authserver;

import org.jspecify.annotations.Nullable;

import nexus.iam.page.PageNotice;

/** The applications page's notices after a withdrawal. */
enum ApplicationsNotice implements PageNotice {

	WITHDRAWN("withdrawn", false, "Access withdrawn. The application has to ask again next time."),
	NOT_FOUND("not-found", true, "That application had no access to withdraw.");

	private final String param;

	private final boolean problem;

	private final String message;

	ApplicationsNotice(String param, boolean problem, String message) {
		this.param = param;
		this.problem = problem;
		this.message = message;
	}

	@Override
	public String param() {
		return this.param;
	}

	@Override
	public boolean problem() {
		return this.problem;
	}

	@Override
	public String message() {
		return this.message;
	}

	static @Nullable ApplicationsNotice of(@Nullable String param) {
		return PageNotice.of(ApplicationsNotice.class, param);
	}
}
