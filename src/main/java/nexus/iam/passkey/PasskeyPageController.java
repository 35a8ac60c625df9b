package nexus.iam.passkey;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import nexus.iam.page.PageResponses;
import nexus.iam.page.PageViewers;
import nexus.iam.page.PageViewers.PageViewer;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/**
 * {@code /account/passkeys}: the user's passkeys, renamed and removed by plain forms; adding one
 * needs the browser's WebAuthn API, so that button is the page's one script ({@code /js/passkey.js}).
 */
@Controller
final class PasskeyPageController {

	static final String PAGE = "/account/passkeys";

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final PasskeyService passkeys;

	private final PageViewers viewers;

	private final CsrfTokens csrfTokens;

	PasskeyPageController(PasskeyService passkeys, PageViewers viewers, CsrfTokens csrfTokens) {
		this.passkeys = passkeys;
		this.viewers = viewers;
		this.csrfTokens = csrfTokens;
	}

	@GetMapping(PAGE)
	ModelAndView page(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String notice, HttpServletRequest request,
			HttpServletResponse response) {
		HttpHeaders headers = new HttpHeaders();
		PageViewer viewer = this.viewers.of(token, request, headers);
		if (viewer == null) {
			return PageResponses.toSignIn(PAGE, headers, response);
		}
		PageResponses.write(headers, response);
		List<Row> rows = this.passkeys.list(viewer.userId()).stream().map(Row::of).toList();
		return new ModelAndView("passkey/passkeys", "page",
				new Page(rows, this.csrfTokens.tokenFor(viewer.sessionId()), Notice.of(notice)));
	}

	@PostMapping(PAGE + "/{id}/rename")
	ModelAndView rename(@AuthenticationPrincipal @Nullable VerifiedAccessToken token, @PathVariable String id,
			@RequestParam(required = false) @Nullable String name, HttpServletRequest request,
			HttpServletResponse response) {
		return act(token, response, () -> this.passkeys.rename(token.userId(), token.sessionId(), parse(id), name,
				ClientContexts.of(request)), Notice.RENAMED);
	}

	@PostMapping(PAGE + "/{id}/remove")
	ModelAndView remove(@AuthenticationPrincipal @Nullable VerifiedAccessToken token, @PathVariable String id,
			HttpServletRequest request, HttpServletResponse response) {
		return act(token, response,
				() -> this.passkeys.remove(token.userId(), token.sessionId(), parse(id), ClientContexts.of(request)),
				Notice.REMOVED);
	}

	private static ModelAndView act(@Nullable VerifiedAccessToken token, HttpServletResponse response, Runnable action,
			Notice done) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		Notice notice = done;
		try {
			action.run();
		}
		catch (ProblemException ex) {
			notice = (ex.errorCode() == ErrorCode.RECENT_SIGN_IN_REQUIRED) ? Notice.SIGN_IN_AGAIN
					: (ex.errorCode() == ErrorCode.INVALID_REQUEST) ? Notice.BAD_NAME : Notice.NOT_FOUND;
		}
		return PageResponses.seeOther(PAGE + "?notice=" + notice.param(), new HttpHeaders(), response);
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ProblemException(ErrorCode.PASSKEY_NOT_FOUND);
		}
	}

	/** What {@code passkeys.html} shows. */
	record Page(List<Row> passkeys, String csrfToken, @Nullable Notice notice) {
	}

	/** One passkey on the page. */
	record Row(UUID id, String name, String added, String lastUsed, String synced, boolean flagged) {

		static Row of(PasskeyView view) {
			return new Row(view.id(), view.name(), WHEN.format(view.createdAt()),
					(view.lastUsedAt() != null) ? WHEN.format(view.lastUsedAt()) : "never",
					view.backedUp() ? "synced" : view.backupEligible() ? "can be synced" : "this device only",
					view.counterRegressedAt() != null);
		}
	}

	/** The outcome of a form, shown once. */
	enum Notice {
		ADDED("The passkey was added."), RENAMED("The passkey was renamed."), REMOVED("The passkey was removed."),
		SIGN_IN_AGAIN("To remove a passkey, sign out and sign in again first: this session signed in too long ago."),
		BAD_NAME("A passkey's name has 1 to 64 characters."), NOT_FOUND("No such passkey.");

		private final String message;

		Notice(String message) {
			this.message = message;
		}

		public String message() {
			return this.message;
		}

		String param() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		static @Nullable Notice of(@Nullable String param) {
			for (Notice notice : values()) {
				if (notice.param().equals(param)) {
					return notice;
				}
			}
			return null;
		}
	}
}
