package nexus.iam.login;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import nexus.iam.device.ClientFacts;
import nexus.iam.device.ClientFactsResolver;
import nexus.iam.device.Location;
import nexus.iam.login.SignInOutcome.Linked;
import nexus.iam.login.SignInOutcome.MergeOffered;
import nexus.iam.login.SignInOutcome.SignedIn;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;

/**
 * The browser's side of {@link SignInCompletion}, for every sign-in method's controller: the
 * context read from the request (device, place, the pending-link cookie), and an outcome written
 * as cookies and a redirect.
 */
@Component
public class SignInResponses {

	/** The page that explains the merge flow and offers the account's own sign-in methods. */
	public static final String MERGE_PAGE = "/link-account";

	private final ClientFactsResolver clientFacts;

	private final PendingLinkCookie pendingLinks;

	private final AuthCookies authCookies;

	private final CsrfTokens csrfTokens;

	private final Clock clock;

	SignInResponses(ClientFactsResolver clientFacts, PendingLinkCookie pendingLinks, AuthCookies authCookies,
			CsrfTokens csrfTokens, Clock clock) {
		this.clientFacts = clientFacts;
		this.pendingLinks = pendingLinks;
		this.authCookies = authCookies;
		this.csrfTokens = csrfTokens;
		this.clock = clock;
	}

	/** A sign-in from this browser, with the merge flow's pending link it carries. */
	public SignInContext signIn(HttpServletRequest request) {
		return SignInContext.signIn(origin(request), this.pendingLinks.read(request).orElse(null));
	}

	/** What the request tells about the device and place, as a new session records it. */
	public SessionOrigin origin(HttpServletRequest request) {
		ClientFacts facts = this.clientFacts.describe(request);
		Location location = facts.location();
		return new SessionOrigin(new ClientContext(facts.ip(), facts.userAgent()), facts.device().type(),
				facts.device().browser(), facts.device().os(), location.isEmpty() ? null : location.display(),
				location.country());
	}

	/**
	 * Signed in: the token cookies and the session's CSRF token, the pending-link cookie spent, on
	 * to {@code returnTo}. Merge offered: the pending-link cookie, on to the page that explains it.
	 * Linked: on to {@code returnTo}.
	 */
	public ModelAndView write(SignInOutcome outcome, String returnTo, HttpServletRequest request,
			HttpServletResponse response) {
		return switch (outcome) {
			case SignedIn signedIn -> {
				HttpHeaders headers = new HttpHeaders();
				this.authCookies.write(headers, signedIn.tokens(), this.clock.instant());
				headers.getOrEmpty(HttpHeaders.SET_COOKIE).forEach((c) -> response.addHeader(HttpHeaders.SET_COOKIE, c));
				response.setHeader(CsrfTokens.HEADER, this.csrfTokens.tokenFor(signedIn.sessionId()));
				if (this.pendingLinks.read(request).isPresent()) {
					response.addHeader(HttpHeaders.SET_COOKIE, this.pendingLinks.expire().toString());
				}
				yield redirect(returnTo);
			}
			case MergeOffered offer -> {
				response.addHeader(HttpHeaders.SET_COOKIE, this.pendingLinks.create(offer.pending()).toString());
				yield redirect(MERGE_PAGE);
			}
			case Linked linked -> redirect(returnTo);
		};
	}

	private static ModelAndView redirect(String url) {
		RedirectView view = new RedirectView(url);
		view.setStatusCode(HttpStatus.FOUND);
		view.setExposeModelAttributes(false);
		return new ModelAndView(view);
	}
}
