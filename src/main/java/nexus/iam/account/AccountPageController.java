package nexus.iam.account;

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
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.session.SessionService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.VerifiedAccessToken;

/**
 * {@code /account}: where the user is signed in, with a sign-out button per session and one for
 * every other session, and their recent security events. Plain HTML forms, no scripts: the page
 * works under the strict CSP and without JavaScript. A page has no script to refresh an expired
 * access token, so the page refreshes it itself, with the refresh cookie.
 */
@Controller
final class AccountPageController {

	private static final String PAGE = "/account";

	private final PageViewers viewers;

	private final AccountPages pages;

	private final SessionService sessions;

	private final IdentityUnlinking unlinking;

	private final AuthCookies cookies;

	AccountPageController(PageViewers viewers, AccountPages pages, SessionService sessions,
			IdentityUnlinking unlinking, AuthCookies cookies) {
		this.viewers = viewers;
		this.pages = pages;
		this.sessions = sessions;
		this.unlinking = unlinking;
		this.cookies = cookies;
	}

	@GetMapping(PAGE)
	ModelAndView page(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String notice, HttpServletRequest request,
			HttpServletResponse response) {
		HttpHeaders headers = new HttpHeaders();
		PageViewers.PageViewer viewer = this.viewers.of(token, request, headers);
		if (viewer == null) {
			return PageResponses.toSignIn(PAGE, headers, response);
		}
		AccountPages.AccountPage page = this.pages.of(viewer, notice).orElse(null);
		if (page == null) {
			// signed in as a user who is gone
			this.cookies.clear(headers);
			return PageResponses.toSignIn(PAGE, headers, response);
		}
		PageResponses.write(headers, response);
		return new ModelAndView("account/account", "page", page);
	}

	@PostMapping("/account/sessions/{id}/sign-out")
	ModelAndView signOut(@AuthenticationPrincipal @Nullable VerifiedAccessToken token, @PathVariable String id,
			HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		UUID sessionId = parse(id);
		boolean ended = sessionId != null
				&& this.sessions.revokeOwn(token.userId(), sessionId, token.sessionId(), ClientContexts.of(request));
		if (ended && sessionId.equals(token.sessionId())) {
			HttpHeaders headers = new HttpHeaders();
			this.cookies.clear(headers);
			return PageResponses.seeOther("/", headers, response);
		}
		return PageResponses.seeOther("/account?notice=" + (ended ? Notice.SIGNED_OUT : Notice.NOT_FOUND).param(),
				new HttpHeaders(), response);
	}

	@PostMapping("/account/sessions/sign-out-others")
	ModelAndView signOutOthers(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		this.sessions.revokeAllExcept(token.userId(), token.sessionId(), ClientContexts.of(request));
		return PageResponses.seeOther("/account?notice=" + Notice.SIGNED_OUT_OTHERS.param(), new HttpHeaders(), response);
	}

	/** When the page's own session was signed in with the removed method, it ends too: home, signed out. */
	@PostMapping("/account/identities/{id}/unlink")
	ModelAndView unlink(@AuthenticationPrincipal @Nullable VerifiedAccessToken token, @PathVariable String id,
			HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		UUID identityId = parse(id);
		if (identityId == null) {
			return noticed(Notice.IDENTITY_NOT_FOUND, response);
		}
		IdentityUnlinking.Unlinked unlinked;
		try {
			unlinked = this.unlinking.unlink(token.userId(), identityId, token.sessionId(), ClientContexts.of(request));
		}
		catch (ProblemException ex) {
			return noticed((ex.errorCode() == ErrorCode.LAST_IDENTITY) ? Notice.LAST_IDENTITY
					: Notice.IDENTITY_NOT_FOUND, response);
		}
		if (unlinked.currentSessionRevoked()) {
			HttpHeaders headers = new HttpHeaders();
			this.cookies.clear(headers);
			return PageResponses.seeOther("/", headers, response);
		}
		return noticed((unlinked.revokedSessions() > 0) ? Notice.UNLINKED_SIGNED_OUT : Notice.UNLINKED, response);
	}

	private static ModelAndView noticed(Notice notice, HttpServletResponse response) {
		return PageResponses.seeOther("/account?notice=" + notice.param(), new HttpHeaders(), response);
	}

	private static @Nullable UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}
}
