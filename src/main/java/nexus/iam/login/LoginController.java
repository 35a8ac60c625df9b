package nexus.iam.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import nexus.iam.device.ClientFacts;
import nexus.iam.device.ClientFactsResolver;
import nexus.iam.device.Location;
import nexus.iam.login.SignInService.SignedIn;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;
import nexus.iam.session.ClientContexts;
import nexus.iam.session.SessionOrigin;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.CsrfTokens;

/**
 * The browser side of sign-in: {@code /login} sends the browser to the provider with a fresh
 * state, nonce and PKCE verifier kept in an encrypted cookie; {@code /callback} checks the answer
 * against that cookie, signs the user in and sets the token cookies.
 */
@Controller
final class LoginController {

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,189}$");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ProviderRegistry providers;

	private final LoginStateCookie stateCookie;

	private final ReturnToPolicy returnTo;

	private final SignInService signIn;

	private final AuthCookies authCookies;

	private final DevLoginHints devHints;

	private final CsrfTokens csrfTokens;

	private final Clock clock;

	private final ClientFactsResolver clientFacts;

	LoginController(ProviderRegistry providers, LoginStateCookie stateCookie, ReturnToPolicy returnTo,
			SignInService signIn, AuthCookies authCookies, DevLoginHints devHints, CsrfTokens csrfTokens, Clock clock,
			ClientFactsResolver clientFacts) {
		this.clientFacts = clientFacts;
		this.csrfTokens = csrfTokens;
		this.providers = providers;
		this.stateCookie = stateCookie;
		this.returnTo = returnTo;
		this.signIn = signIn;
		this.authCookies = authCookies;
		this.devHints = devHints;
		this.clock = clock;
	}

	@GetMapping("/api/auth/{provider}/login")
	ModelAndView login(@PathVariable String provider, @RequestParam(name = "return_to", required = false) @Nullable String returnTo,
			@RequestParam(name = "login_hint", required = false) @Nullable String loginHint,
			HttpServletResponse response) {
		OidcProvider oidc = this.providers.require(provider);
		String target = this.returnTo.check(returnTo);
		boolean dev = DevProvider.NAME.equals(provider);
		if (loginHint != null && !EMAIL.matcher(loginHint).matches()) {
			throw new ProblemException(ErrorCode.INVALID_LOGIN_HINT);
		}
		if (dev && loginHint == null) {
			ModelAndView page = new ModelAndView("dev-login");
			page.addObject("returnTo", target);
			return page;
		}
		LoginState state = new LoginState(provider, random(), random(), random(), target);
		if (dev) {
			this.devHints.put(state.codeVerifier(), loginHint);
		}
		// discovery first: an unreachable provider leaves no sign-in state behind
		String authorizationUri = oidc.authorizationUri(state, loginHint).toString();
		response.addHeader(HttpHeaders.SET_COOKIE, this.stateCookie.create(state).toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		return redirect(authorizationUri);
	}

	@GetMapping("/api/auth/{provider}/callback")
	ModelAndView callback(@PathVariable String provider, @RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String error, HttpServletRequest request,
			HttpServletResponse response) {
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
			SignedIn signedIn = this.signIn.signIn(oidc.exchange(code, expected), origin(request));
			HttpHeaders headers = new HttpHeaders();
			this.authCookies.write(headers, signedIn.tokens(), this.clock.instant());
			headers.getOrEmpty(HttpHeaders.SET_COOKIE).forEach((c) -> response.addHeader(HttpHeaders.SET_COOKIE, c));
			response.setHeader(CsrfTokens.HEADER, this.csrfTokens.tokenFor(signedIn.sessionId()));
			return redirect(expected.returnTo());
		}
		catch (ProblemException ex) {
			this.signIn.recordFailure(provider, ex.errorCode(), client);
			throw ex;
		}
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

	/** 256 bits, base64url: for state, nonce and the PKCE verifier (43 characters, RFC 7636). */
	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static boolean constantTimeEquals(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}
}
