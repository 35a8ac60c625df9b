package nexus.iam.backchannel;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import nexus.iam.backchannel.EndSessionDecision.Browser;
import nexus.iam.backchannel.EndSessionDecision.Confirm;
import nexus.iam.backchannel.EndSessionDecision.End;
import nexus.iam.backchannel.EndSessionDecision.Hint;
import nexus.iam.backchannel.EndSessionDecision.NothingToEnd;
import nexus.iam.backchannel.IdTokenHints.InvalidHint;
import nexus.iam.backchannel.IdTokenHints.VerifiedHint;
import nexus.iam.page.PageResponses;
import nexus.iam.page.PageViewers;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.session.SessionService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0): an application sends the
 * browser here to sign the person out of Nexus too. A forged {@code id_token_hint} or an unknown
 * client is an error page and ends nothing; otherwise {@link EndSessionDecision} says whether to
 * end the browser's session now, ask first, or there is nothing to end. The browser goes back to
 * the application only to a {@code post_logout_redirect_uri} registered for it, exactly, with its
 * {@code state}; else it sees Nexus's signed-out page. Ending the session sends back-channel
 * logouts to every application it signed in to (this one included), as any sign-out does.
 */
@Controller
final class EndSessionController {

	/** The confirmation form's answer. */
	static final String CONFIRM = "confirm";

	private final IdTokenHints hints;

	private final LogoutClients clients;

	private final PageViewers viewers;

	private final SessionService sessions;

	private final CsrfTokens csrfTokens;

	private final AuthCookies cookies;

	private final RpInitiatedLogouts logouts;

	EndSessionController(IdTokenHints hints, LogoutClients clients, PageViewers viewers, SessionService sessions,
			CsrfTokens csrfTokens, AuthCookies cookies, RpInitiatedLogouts logouts) {
		this.hints = hints;
		this.clients = clients;
		this.viewers = viewers;
		this.sessions = sessions;
		this.csrfTokens = csrfTokens;
		this.cookies = cookies;
		this.logouts = logouts;
	}

	@RequestMapping(path = EndSessionEndpoint.PATH, method = { RequestMethod.GET, RequestMethod.POST })
	ModelAndView endSession(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(name = "id_token_hint", required = false) @Nullable String idTokenHint,
			@RequestParam(name = "client_id", required = false) @Nullable String clientId,
			@RequestParam(name = "post_logout_redirect_uri", required = false) @Nullable String postLogoutRedirectUri,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(name = CONFIRM, required = false) @Nullable String confirm,
			@RequestParam(name = "csrf_token", required = false) @Nullable String csrfToken,
			HttpServletRequest request, HttpServletResponse response) {
		VerifiedHint hint = verified(idTokenHint);
		RegisteredClient client = client(clientId, hint);
		String returnTo = returnTo(client, postLogoutRedirectUri, state);
		HttpHeaders headers = new HttpHeaders();
		PageViewers.PageViewer viewer = this.viewers.of(token, request, headers);
		Browser browser = (viewer != null) ? new Browser(viewer.userId(), viewer.sessionId()) : null;
		boolean post = "POST".equals(request.getMethod());
		boolean confirmed = post && "yes".equals(confirm) && browser != null
				&& this.csrfTokens.matches(browser.sessionId(), csrfToken);
		Hint decisionHint = (hint != null) ? new Hint(hint.userId(), hint.sessionId()) : null;
		boolean hintSessionLive = hint != null && hint.sessionId() != null
				&& this.sessions.isLive(hint.userId(), hint.sessionId());
		return switch (EndSessionDecision.decide(browser, decisionHint, hintSessionLive, confirmed)) {
			case End end -> {
				this.logouts.end(browser.userId(), end.sessionId(), (client != null) ? client.getClientId() : null,
						confirmed, ClientContexts.of(request));
				this.cookies.clear(headers);
				yield signedOut(returnTo, client, post, headers, response);
			}
			case NothingToEnd nothing -> signedOut(returnTo, client, post, headers, response);
			case Confirm ask -> {
				PageResponses.write(headers, response);
				yield new ModelAndView("backchannel/logout-confirm", Map.of("page",
						new ConfirmPage(idTokenHint, (client != null) ? client.getClientId() : null,
								(returnTo != null) ? postLogoutRedirectUri : null, state,
								(browser != null) ? this.csrfTokens.tokenFor(browser.sessionId()) : null,
								applicationName(client))));
			}
		};
	}

	private @Nullable VerifiedHint verified(@Nullable String idTokenHint) {
		if (idTokenHint == null || idTokenHint.isEmpty()) {
			return null;
		}
		try {
			return this.hints.verify(idTokenHint);
		}
		catch (InvalidHint ex) {
			throw new ProblemException(ErrorCode.ID_TOKEN_HINT_INVALID);
		}
	}

	/**
	 * The client the request names: its {@code client_id}, which must be an audience of the hint
	 * when both are given, else the hint's only audience. Null when neither names one.
	 */
	private @Nullable RegisteredClient client(@Nullable String clientId, @Nullable VerifiedHint hint) {
		String named = (clientId != null && !clientId.isEmpty()) ? clientId : null;
		if (named != null && hint != null && !hint.audience().contains(named)) {
			throw new ProblemException(ErrorCode.LOGOUT_CLIENT_INVALID);
		}
		if (named == null && hint != null && hint.audience().size() == 1) {
			named = hint.audience().getFirst();
		}
		if (named == null) {
			return null;
		}
		Optional<RegisteredClient> found = this.clients.find(named);
		if (found.isEmpty()) {
			throw new ProblemException(ErrorCode.LOGOUT_CLIENT_INVALID);
		}
		return found.get();
	}

	/** Where the browser may go back to: only a URI registered for the client, with {@code state}. */
	private static @Nullable String returnTo(@Nullable RegisteredClient client, @Nullable String uri,
			@Nullable String state) {
		return (client != null) ? EndSessionDecision.returnTo(LogoutClients.postLogoutRedirectUris(client), uri, state)
				: null;
	}

	/**
	 * Back to the application, or Nexus's signed-out page. After a form (a POST) the page links on
	 * instead of redirecting: browsers hold a form's redirect to the page's CSP {@code form-action},
	 * which does not list applications' origins.
	 */
	private ModelAndView signedOut(@Nullable String returnTo, @Nullable RegisteredClient client, boolean post,
			HttpHeaders headers, HttpServletResponse response) {
		PageResponses.write(headers, response);
		if (returnTo != null && !post) {
			RedirectView redirect = new RedirectView(returnTo, false);
			redirect.setStatusCode(HttpStatus.FOUND);
			redirect.setExposeModelAttributes(false);
			return new ModelAndView(redirect);
		}
		return new ModelAndView("backchannel/signed-out",
				Map.of("page", new SignedOutPage(returnTo, applicationName(client))));
	}

	private @Nullable String applicationName(@Nullable RegisteredClient client) {
		return (client != null) ? this.clients.displayName(client.getClientId()).orElse(client.getClientId()) : null;
	}

	/** What the confirmation page shows and posts back. */
	record ConfirmPage(@Nullable String idTokenHint, @Nullable String clientId, @Nullable String postLogoutRedirectUri,
			@Nullable String state, @Nullable String csrfToken, @Nullable String application) {
	}

	/** What the signed-out page shows: where to continue, if anywhere. */
	record SignedOutPage(@Nullable String continueTo, @Nullable String application) {
	}

}
