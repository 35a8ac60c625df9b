package nexus.iam.oidc;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import nexus.iam.identity.ProfileValues;
import nexus.iam.login.ReturnToPolicy;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/**
 * {@code POST /api/me/identities}: starts a flow at a provider that adds its identity to the
 * signed-in user. The sealed state carries the link intent, the user and the session, so the
 * callback attaches the identity to exactly this user, and only in this browser session.
 */
@RestController
final class LinkController {

	private static final String DEFAULT_RETURN = "/account?notice=linked";

	private final ProviderRegistry providers;

	private final LoginFlows flows;

	private final ReturnToPolicy returnTo;

	private final CsrfTokens csrfTokens;

	LinkController(ProviderRegistry providers, LoginFlows flows, ReturnToPolicy returnTo, CsrfTokens csrfTokens) {
		this.providers = providers;
		this.csrfTokens = csrfTokens;
		this.flows = flows;
		this.returnTo = returnTo;
	}

	/** From scripts: {@code {"provider": "apple"}}; answers where to send the browser. */
	@PostMapping(path = "/api/me/identities", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> startFromJson(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody Map<String, Object> body, HttpServletResponse response) {
		String url = start(token, text(body, "provider"), text(body, "return_to"), text(body, "login_hint"), response);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("authorization_url", url));
	}

	/**
	 * From the account page's form: straight on to the provider; for the development provider,
	 * first its page asking which address to add.
	 */
	@PostMapping(path = "/api/me/identities", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ModelAndView startFromForm(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String provider,
			@RequestParam(name = "login_hint", required = false) @Nullable String loginHint,
			HttpServletResponse response) {
		if (DevProvider.NAME.equals(provider) && (loginHint == null || loginHint.isBlank())) {
			ModelAndView page = new ModelAndView("oidc/dev-login");
			page.addObject("linking", true);
			page.addObject("csrfToken", this.csrfTokens.tokenFor(token.sessionId()));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			return page;
		}
		RedirectView view = new RedirectView(start(token, provider, null, blankToNull(loginHint), response));
		view.setStatusCode(HttpStatus.SEE_OTHER);
		view.setExposeModelAttributes(false);
		return new ModelAndView(view);
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private String start(VerifiedAccessToken token, @Nullable String provider, @Nullable String returnTo,
			@Nullable String loginHint, HttpServletResponse response) {
		if (provider == null || provider.isBlank()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "provider is required");
		}
		OidcProvider oidc = this.providers.require(provider);
		if (loginHint != null && !ProfileValues.isEmailAddress(loginHint)) {
			throw new ProblemException(ErrorCode.INVALID_LOGIN_HINT);
		}
		if (DevProvider.NAME.equals(provider) && loginHint == null) {
			// the development provider signs in the address it is given: without one the flow
			// could only fail at the provider, after the browser went there
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "login_hint is required for the development provider");
		}
		String target = (returnTo != null) ? this.returnTo.check(returnTo) : DEFAULT_RETURN;
		return this.flows.start(oidc, target, loginHint, new LoginState.Link(token.userId(), token.sessionId()),
				response);
	}

	private static @Nullable String text(Map<String, Object> body, String name) {
		Object value = body.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, name + " must be a string");
		}
		return text;
	}
}
