package nexus.iam.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import nexus.iam.page.PageResponses;
import nexus.iam.page.PageViewers;
import nexus.iam.page.PageViewers.PageViewer;
import nexus.iam.login.ReturnToPolicy;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.TokenPair;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The two-factor pages, plain HTML forms without scripts (strict CSP): {@code /account/mfa} sets
 * an authenticator app up, shows its status, makes new recovery codes and turns it off; {@code /account/mfa/verify?rd=…}
 * is the step-up page that forward-auth sends a browser to when a service needs a second factor,
 * and that sends it back to {@code rd} (checked like sign-in's {@code return_to}) once the code
 * was right. Like {@code /account}, a page whose access token expired refreshes it itself.
 */
@Controller
final class MfaPageController {

	static final String PAGE = "/account/mfa";

	private static final String VERIFY = "/account/mfa/verify";

	private final MfaService mfa;

	private final PageViewers viewers;

	private final AuthCookies cookies;

	private final CsrfTokens csrfTokens;

	private final ReturnToPolicy returnTo;

	private final Clock clock;


	MfaPageController(MfaService mfa, PageViewers viewers, AuthCookies cookies, CsrfTokens csrfTokens,
			ReturnToPolicy returnTo, Clock clock) {
		this.mfa = mfa;
		this.viewers = viewers;
		this.cookies = cookies;
		this.csrfTokens = csrfTokens;
		this.returnTo = returnTo;
		this.clock = clock;
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
		return render(viewer, MfaNotice.of(notice), null, false);
	}

	@PostMapping(PAGE + "/totp/start")
	ModelAndView start(@AuthenticationPrincipal @Nullable VerifiedAccessToken token, HttpServletRequest request,
			HttpServletResponse response) {
		if (token != null) {
			try {
				this.mfa.startEnrolment(token.userId(), ClientContexts.of(request));
			}
			catch (ProblemException ex) {
				return PageResponses.seeOther(PAGE + "?notice=" + MfaNotice.of(ex.errorCode()).param(), new HttpHeaders(), response);
			}
		}
		return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
	}

	/** Renders the recovery codes at once rather than redirecting: they are shown this one time. */
	@PostMapping(PAGE + "/totp/confirm")
	ModelAndView confirm(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String code, HttpServletRequest request,
			HttpServletResponse response) {
		return showRecoveryCodes(token, response, false,
				(userId) -> this.mfa.confirm(userId, (code != null) ? code : "", ClientContexts.of(request)));
	}

	/** New recovery codes for a code from the app; rendered at once, like the first ones. */
	@PostMapping(PAGE + "/recovery-codes")
	ModelAndView regenerateRecoveryCodes(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String code, HttpServletRequest request,
			HttpServletResponse response) {
		return showRecoveryCodes(token, response, true, (userId) -> this.mfa.regenerateRecoveryCodes(userId,
				(code != null) ? code : "", ClientContexts.of(request)));
	}

	@PostMapping(PAGE + "/totp/disable")
	ModelAndView disable(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(name = "recovery_code", required = false) @Nullable String recoveryCode,
			HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		MfaNotice notice = MfaNotice.DISABLED;
		try {
			this.mfa.disable(token.userId(), Proof.of(code, recoveryCode), ClientContexts.of(request));
		}
		catch (ProblemException ex) {
			notice = MfaNotice.of(ex.errorCode());
		}
		return PageResponses.seeOther(PAGE + "?notice=" + notice.param(), new HttpHeaders(), response);
	}

	@GetMapping(VERIFY)
	ModelAndView verifyPage(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String rd,
			@RequestParam(required = false) @Nullable String notice, HttpServletRequest request,
			HttpServletResponse response) {
		String destination = destination(rd);
		HttpHeaders headers = new HttpHeaders();
		PageViewer viewer = this.viewers.of(token, request, headers);
		if (viewer == null) {
			return PageResponses.toSignIn(VERIFY + "?rd=" + encode(destination), headers, response);
		}
		PageResponses.write(headers, response);
		VerifyPage page = new VerifyPage(this.mfa.status(viewer.userId()), destination,
				this.csrfTokens.tokenFor(viewer.sessionId()), MfaNotice.of(notice),
				this.mfa.hasPasskeys(viewer.userId()));
		return new ModelAndView("mfa/mfa-verify", "page", page);
	}

	@PostMapping(VERIFY)
	ModelAndView verify(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(name = "recovery_code", required = false) @Nullable String recoveryCode,
			@RequestParam(required = false) @Nullable String rd, HttpServletRequest request,
			HttpServletResponse response) {
		String destination = destination(rd);
		if (token == null) {
			return PageResponses.seeOther(VERIFY + "?rd=" + encode(destination), new HttpHeaders(), response);
		}
		TokenPair tokens;
		try {
			tokens = this.mfa.stepUp(token.userId(), token.sessionId(), Proof.of(code, recoveryCode),
					ClientContexts.of(request));
		}
		catch (ProblemException ex) {
			return PageResponses.seeOther(VERIFY + "?rd=" + encode(destination) + "&notice=" + MfaNotice.of(ex.errorCode()).param(),
					new HttpHeaders(), response);
		}
		HttpHeaders headers = new HttpHeaders();
		this.cookies.write(headers, tokens, this.clock.instant());
		return PageResponses.seeOther(destination, headers, response);
	}

	/** Issues recovery codes and shows them on the answer page, the only time they are shown. */
	private ModelAndView showRecoveryCodes(@Nullable VerifiedAccessToken token, HttpServletResponse response,
			boolean renewed, Function<UUID, List<String>> issue) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		List<String> codes;
		try {
			codes = issue.apply(token.userId());
		}
		catch (ProblemException ex) {
			return PageResponses.seeOther(PAGE + "?notice=" + MfaNotice.of(ex.errorCode()).param(), new HttpHeaders(),
					response);
		}
		PageResponses.write(new HttpHeaders(), response);
		return render(PageViewer.of(token), null, codes, renewed);
	}

	private ModelAndView render(PageViewer viewer, @Nullable MfaNotice notice, @Nullable List<String> recoveryCodes,
			boolean renewed) {
		MfaStatus status = this.mfa.status(viewer.userId());
		Enrolment enrolment = (status.totp() == MfaStatus.State.PENDING) ? this.mfa.pendingEnrolment(viewer.userId())
				: null;
		return new ModelAndView("mfa/mfa", "page", new MfaPage(status, enrolment, recoveryCodes, renewed,
				this.csrfTokens.tokenFor(viewer.sessionId()), notice));
	}

	/** {@code rd} as checked by the sign-in's return policy; the account page when absent. */
	private String destination(@Nullable String rd) {
		return (rd == null || rd.isEmpty()) ? "/account" : this.returnTo.check(rd);
	}


	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * What {@code mfa.html} shows.
	 *
	 * @param recoveryCodes codes to show this once: after set-up, or new ones ({@code renewed})
	 */
	record MfaPage(MfaStatus status, @Nullable Enrolment enrolment, @Nullable List<String> recoveryCodes,
			boolean renewed, String csrfToken, @Nullable MfaNotice notice) {
	}

	/** What {@code mfa-verify.html} shows. */
	record VerifyPage(MfaStatus status, String rd, String csrfToken, @Nullable MfaNotice notice, boolean passkeys) {
	}
}
