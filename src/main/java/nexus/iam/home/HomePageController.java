package nexus.iam.home;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nexus.iam.identity.IdentityService;
import nexus.iam.login.ReturnToPolicy;
import nexus.iam.login.SignInMethods;
import nexus.iam.login.SignInProviders;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/** {@code GET /}: who is signed in, or the sign-in buttons. */
@Controller
final class HomePageController {

	private final SignInMethods providers;

	private final IdentityService identities;

	private final ReturnToPolicy returnToPolicy;

	private final CsrfTokens csrfTokens;

	HomePageController(SignInMethods providers, IdentityService identities, ReturnToPolicy returnToPolicy,
			CsrfTokens csrfTokens) {
		this.csrfTokens = csrfTokens;
		this.providers = providers;
		this.identities = identities;
		this.returnToPolicy = returnToPolicy;
	}

	/** {@code return_to} (checked like the login endpoint checks it) is handed on to the sign-in links. */
	@GetMapping("/")
	String home(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(name = "return_to", required = false) @Nullable String returnTo, Model model) {
		String destination = allowed(returnTo);
		model.addAttribute("providers",
				this.providers.all().stream().map((provider) -> ProviderLink.of(provider, destination)).toList());
		model.addAttribute("returnTo", destination); // passkey: the sign-in button hands it on
		if (token != null) {
			this.identities.profile(token.userId()).ifPresent((profile) -> {
				model.addAttribute("user", profile);
				model.addAttribute("sessionId", token.sessionId());
				model.addAttribute("csrfToken", this.csrfTokens.tokenFor(token.sessionId()));
				model.addAttribute("providerNames", this.providers);
			});
		}
		return "home/home";
	}

	private @Nullable String allowed(@Nullable String returnTo) {
		if (returnTo == null || returnTo.isEmpty()) {
			return null;
		}
		try {
			return this.returnToPolicy.check(returnTo);
		}
		catch (ProblemException ex) {
			return null; // a bad link still shows the sign-in page, going home afterwards
		}
	}

	record ProviderLink(String name, String displayName, String loginUrl) {

		static ProviderLink of(SignInProviders.Provider provider, @Nullable String returnTo) {
			String login = "/api/auth/" + provider.name() + "/login";
			if (returnTo != null) {
				login += "?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
			}
			return new ProviderLink(provider.name(), provider.displayName(), login);
		}
	}

}
