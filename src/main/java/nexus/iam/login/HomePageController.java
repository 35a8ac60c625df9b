package nexus.iam.login;


import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import nexus.iam.identity.IdentityService;
import nexus.iam.token.VerifiedAccessToken;

/** {@code GET /}: who is signed in, or the sign-in buttons. */
@Controller
final class HomePageController {

	private final ProviderRegistry providers;

	private final IdentityService identities;

	HomePageController(ProviderRegistry providers, IdentityService identities) {
		this.providers = providers;
		this.identities = identities;
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal @Nullable VerifiedAccessToken token, Model model) {
		model.addAttribute("providers", this.providers.all().stream().map(ProviderLink::of).toList());
		if (token != null) {
			this.identities.profile(token.userId()).ifPresent((profile) -> model.addAttribute("user", profile));
		}
		return "home";
	}

	record ProviderLink(String name, String displayName, String loginUrl) {

		static ProviderLink of(OidcProvider provider) {
			return new ProviderLink(provider.name(), provider.displayName(),
					"/api/auth/" + provider.name() + "/login");
		}
	}

}
