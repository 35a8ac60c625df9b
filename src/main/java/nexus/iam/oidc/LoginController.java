package nexus.iam.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.ProfileValues;
import nexus.iam.login.ReturnToPolicy;
import nexus.iam.login.SignInCompletion;
import nexus.iam.login.SignInContext.LinkIntent;
import nexus.iam.login.SignInContext;
import nexus.iam.login.SignInResponses;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.problem.ProblemPages;
import nexus.iam.session.ClientContext;
import nexus.iam.session.ClientContexts;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The browser side of OIDC sign-in: {@code /login} sends the browser to the provider with a fresh
 * state, nonce and PKCE verifier kept in an encrypted cookie; {@code /callback} checks the answer
 * against that cookie and hands the verified identity to {@link SignInCompletion}, whose outcome
 * {@link SignInResponses} writes as cookies and a redirect.
 */
@Controller
final class LoginController {

	private static final String ACCOUNT_PAGE = "/account";

	private final ProviderRegistry providers;

	private final LoginStateCookie stateCookie;

	private final ReturnToPolicy returnTo;

	private final LoginFlows flows;

	private final SignInCompletion completion;

	private final SignInResponses responses;

	LoginController(ProviderRegistry providers, LoginStateCookie stateCookie, ReturnToPolicy returnTo, LoginFlows flows,
			SignInCompletion completion, SignInResponses responses) {
		this.providers = providers;
		this.stateCookie = stateCookie;
		this.returnTo = returnTo;
		this.flows = flows;
		this.completion = completion;
		this.responses = responses;
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
			ModelAndView page = new ModelAndView("oidc/dev-login");
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
			SignInContext context = (expected.link() == null) ? this.responses.signIn(request)
					: SignInContext.link(this.responses.origin(request), new LinkIntent(expected.link().userId(),
							expected.link().sessionId(), principal, oidc.formPost()));
			return this.responses.write(this.completion.complete(identity, context), expected.returnTo(), request,
					response);
		}
		catch (ProblemException ex) {
			this.completion.failed(provider, ex.errorCode(), client);
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

	/** The provider's own name claim wins; Apple's {@code user} field only fills a gap, cleaned. */
	private static ExternalIdentity withName(ExternalIdentity identity, @Nullable String userField) {
		String name = (identity.displayName() == null) ? AppleUserField.name(userField) : null;
		if (name == null) {
			return identity;
		}
		return new ExternalIdentity(identity.provider(), identity.subject(), identity.email(), identity.emailVerified(),
				name, identity.locale(), identity.privateEmail());
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
