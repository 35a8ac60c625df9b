package nexus.iam.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import nexus.iam.device.ClientFacts;
import nexus.iam.device.ClientFactsResolver;
import nexus.iam.device.Location;
import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.ProfileValues;
import nexus.iam.login.PendingLinkCookie.PendingLink;
import nexus.iam.login.SignInService.SignedIn;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.problem.ProblemPages;
import nexus.iam.session.ClientContext;
import nexus.iam.session.ClientContexts;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The browser side of sign-in: {@code /login} sends the browser to the provider with a fresh
 * state, nonce and PKCE verifier kept in an encrypted cookie; {@code /callback} checks the answer
 * against that cookie, signs the user in and sets the token cookies.
 */
@Controller
final class LoginController {

	private static final String ACCOUNT_PAGE = "/account";

	private final ProviderRegistry providers;

	private final LoginStateCookie stateCookie;

	private final ReturnToPolicy returnTo;

	private final SignInService signIn;

	private final AuthCookies authCookies;

	private final CsrfTokens csrfTokens;

	private final Clock clock;

	private final ClientFactsResolver clientFacts;

	private final IdentityService identities;

	private final AccountLinking linking;

	private final PendingLinkCookie pendingLinks;

	private final LoginFlows flows;

	private final SessionService sessions;

	private final SignInTurns turns;

	LoginController(ProviderRegistry providers, LoginStateCookie stateCookie, ReturnToPolicy returnTo,
			SignInService signIn, AuthCookies authCookies, CsrfTokens csrfTokens, Clock clock,
			ClientFactsResolver clientFacts, IdentityService identities, AccountLinking linking,
			PendingLinkCookie pendingLinks, LoginFlows flows, SessionService sessions, SignInTurns turns) {
		this.turns = turns;
		this.flows = flows;
		this.sessions = sessions;
		this.clientFacts = clientFacts;
		this.identities = identities;
		this.linking = linking;
		this.pendingLinks = pendingLinks;
		this.csrfTokens = csrfTokens;
		this.providers = providers;
		this.stateCookie = stateCookie;
		this.returnTo = returnTo;
		this.signIn = signIn;
		this.authCookies = authCookies;
		this.clock = clock;
	}

	@GetMapping("/api/auth/{provider}/login")
	ModelAndView login(@PathVariable String provider, @RequestParam(name = "return_to", required = false) @Nullable String returnTo,
			@RequestParam(name = "login_hint", required = false) @Nullable String loginHint,
			HttpServletResponse response) {
		OidcProvider oidc = this.providers.require(provider);
		String target = this.returnTo.check(returnTo);
		boolean dev = DevProvider.NAME.equals(provider);
		if (loginHint != null && !ProfileValues.isEmailAddress(loginHint)) {
			throw new ProblemException(ErrorCode.INVALID_LOGIN_HINT);
		}
		if (dev && loginHint == null) {
			ModelAndView page = new ModelAndView("dev-login");
			page.addObject("returnTo", target);
			return page;
		}
		return redirect(this.flows.start(oidc, target, loginHint, null, response));
	}

	@GetMapping("/api/auth/{provider}/callback")
	ModelAndView callback(@PathVariable String provider, @RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String error,
			@AuthenticationPrincipal @Nullable VerifiedAccessToken principal, HttpServletRequest request,
			HttpServletResponse response) {
		return callback(provider, state, code, error, null, principal, request, response);
	}

	/**
	 * {@code response_mode=form_post} (Sign in with Apple): the provider's page POSTs the callback
	 * from its own site. Apple adds {@code user} (the name) to the first authorization only.
	 */
	@PostMapping(path = "/api/auth/{provider}/callback", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ModelAndView formPostCallback(@PathVariable String provider, @RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String error,
			@RequestParam(required = false) @Nullable String user,
			@AuthenticationPrincipal @Nullable VerifiedAccessToken principal, HttpServletRequest request,
			HttpServletResponse response) {
		if (!this.providers.require(provider).formPost()) {
			throw new ProblemException(ErrorCode.METHOD_NOT_ALLOWED, "This provider's callback is a GET");
		}
		return callback(provider, state, code, error, user, principal, request, response);
	}

	private ModelAndView callback(String provider, @Nullable String state, @Nullable String code,
			@Nullable String error, @Nullable String userField, @Nullable VerifiedAccessToken principal,
			HttpServletRequest request, HttpServletResponse response) {
		OidcProvider oidc = this.providers.require(provider);
		ClientContext client = ClientContexts.of(request);
		// a sign-in state is good for one callback, whatever its outcome
		response.addHeader(HttpHeaders.SET_COOKIE, this.stateCookie.expire().toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		try {
			LoginState expected = this.stateCookie.read(request)
				.orElseThrow(() -> new ProblemException(ErrorCode.LOGIN_STATE_MISSING));
			if (!expected.provider().equals(provider) || state == null || !constantTimeEquals(expected.state(), state)) {
				throw new ProblemException(ErrorCode.STATE_MISMATCH);
			}
			if (error != null) {
				throw new ProblemException(ErrorCode.PROVIDER_ERROR);
			}
			if (code == null || code.isEmpty()) {
				throw new ProblemException(ErrorCode.BAD_REQUEST, "The callback has no authorization code");
			}
			ExternalIdentity identity = withName(oidc.exchange(code, expected), userField);
			if (expected.link() != null) {
				return finishLink(expected, identity, principal, client);
			}
			return finishSignIn(expected, identity, request, response);
		}
		catch (ProblemException ex) {
			this.signIn.recordFailure(provider, ex.errorCode(), client);
			String backToAccount = linkRefusal(request, ex.errorCode());
			if (backToAccount != null) {
				return redirect(backToAccount);
			}
			throw ex;
		}
	}

	/**
	 * A link to the account page that the provider (or the linking rules) refused goes back to that
	 * page with a readable notice, for a person in a browser; only a link whose state this browser
	 * holds, in the session that started it, so a forged or stolen callback still gets the plain
	 * refusal, and API clients keep problem+json.
	 */
	private @Nullable String linkRefusal(HttpServletRequest request, ErrorCode error) {
		LoginState started = this.stateCookie.read(request).orElse(null);
		if (started == null || started.link() == null || !started.returnTo().startsWith(ACCOUNT_PAGE)
				|| !ProblemPages.wantsHtml(request)) {
			return null;
		}
		return switch (error) {
			case LOGIN_STATE_MISSING, STATE_MISMATCH, LINK_NOT_ALLOWED -> null;
			case IDENTITY_ALREADY_LINKED -> ACCOUNT_PAGE + "?notice=link-taken";
			case PROVIDER_UNAVAILABLE -> ACCOUNT_PAGE + "?notice=link-unavailable";
			default -> ACCOUNT_PAGE + "?notice=link-refused";
		};
	}

	/** The identity is added to the signed-in user who started the flow, in the same browser session. */
	private ModelAndView finishLink(LoginState expected, ExternalIdentity identity,
			@Nullable VerifiedAccessToken principal, ClientContext client) {
		LoginState.Link link = expected.link();
		boolean sameSession = (principal != null) ? principal.userId().equals(link.userId())
				&& principal.sessionId().equals(link.sessionId())
				// a cross-site POST (form_post) carries no SameSite=Lax access cookie: the state
				// cookie that came along is bound to the session, which must still be live
				: this.providers.require(expected.provider()).formPost()
						&& this.sessions.isLive(link.userId(), link.sessionId());
		if (!sameSession) {
			throw new ProblemException(ErrorCode.LINK_NOT_ALLOWED);
		}
		this.linking.link(link.userId(), identity, client);
		return redirect(expected.returnTo());
	}

	/**
	 * A sign-in; or, when the identity is new and its verified address belongs to an existing
	 * account, the merge flow: nobody is signed in, and the browser is asked to sign in to that
	 * account with one of its own methods first. A pending link the browser carries is honoured
	 * only when this sign-in proves it owns the account the link is for.
	 */
	private ModelAndView finishSignIn(LoginState expected, ExternalIdentity identity, HttpServletRequest request,
			HttpServletResponse response) {
		ClientContext client = ClientContexts.of(request);
		Optional<UUID> existingAccount = this.identities.accountToLinkInto(identity);
		if (existingAccount.isPresent()) {
			this.linking.offered(existingAccount.get(), identity, client);
			response.addHeader(HttpHeaders.SET_COOKIE,
					this.pendingLinks.create(new PendingLink(existingAccount.get(), identity)).toString());
			return redirect(LinkAccountPageController.PATH);
		}
		SignedIn signedIn = this.turns.inTurn(identity, () -> this.signIn.signIn(identity, origin(request)));
		HttpHeaders headers = new HttpHeaders();
		this.authCookies.write(headers, signedIn.tokens(), this.clock.instant());
		headers.getOrEmpty(HttpHeaders.SET_COOKIE).forEach((c) -> response.addHeader(HttpHeaders.SET_COOKIE, c));
		response.setHeader(CsrfTokens.HEADER, this.csrfTokens.tokenFor(signedIn.sessionId()));
		Optional<PendingLink> pending = this.pendingLinks.read(request);
		if (pending.isPresent()) {
			response.addHeader(HttpHeaders.SET_COOKIE, this.pendingLinks.expire().toString());
			if (pending.get().accountId().equals(signedIn.userId())) {
				try {
					this.linking.link(signedIn.userId(), pending.get().identity(), client);
				}
				catch (ProblemException ex) {
					// linked to someone else meanwhile: the sign-in itself stands, the refusal is audited
				}
			}
		}
		return redirect(expected.returnTo());
	}

	/** The provider's own name claim wins; Apple's {@code user} field only fills a gap, cleaned. */
	private static ExternalIdentity withName(ExternalIdentity identity, @Nullable String userField) {
		String name = (identity.displayName() == null) ? AppleUserField.name(userField) : null;
		if (name == null) {
			return identity;
		}
		return new ExternalIdentity(identity.provider(), identity.subject(), identity.email(), identity.emailVerified(),
				name, identity.locale(), identity.privateEmail());
	}

	/** What the request tells about the device and place, as the new session records it. */
	private SessionOrigin origin(HttpServletRequest request) {
		ClientFacts facts = this.clientFacts.describe(request);
		Location location = facts.location();
		return new SessionOrigin(new ClientContext(facts.ip(), facts.userAgent()), facts.device().type(),
				facts.device().browser(), facts.device().os(), location.isEmpty() ? null : location.display(),
				location.country());
	}

	private static ModelAndView redirect(String url) {
		RedirectView view = new RedirectView(url);
		view.setStatusCode(HttpStatus.FOUND);
		view.setExposeModelAttributes(false);
		return new ModelAndView(view);
	}

	private static boolean constantTimeEquals(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}
}
