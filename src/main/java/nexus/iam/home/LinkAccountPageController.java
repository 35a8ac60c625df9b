package nexus.iam.home;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import nexus.iam.identity.IdentityService;
import nexus.iam.identity.UserProfile;
import nexus.iam.login.PendingLink;
import nexus.iam.login.PendingLinkCookie;
import nexus.iam.login.SignInMethods;
import nexus.iam.login.SignInProviders;
import nexus.iam.login.SignInResponses;

/**
 * The merge flow's page: an account with this address exists; sign in to it with one of its own
 * methods, and the new one is added. It shows the providers of that account and nothing else of it.
 */
@Controller
final class LinkAccountPageController {

	static final String PATH = SignInResponses.MERGE_PAGE;

	private final PendingLinkCookie pendingLinks;

	private final IdentityService identities;

	private final SignInMethods providers;

	LinkAccountPageController(PendingLinkCookie pendingLinks, IdentityService identities, SignInMethods providers) {
		this.pendingLinks = pendingLinks;
		this.identities = identities;
		this.providers = providers;
	}

	@GetMapping(PATH)
	ModelAndView page(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		PendingLink pending = this.pendingLinks.read(request).orElse(null);
		UserProfile account = (pending != null) ? this.identities.profile(pending.accountId()).orElse(null) : null;
		if (pending == null || account == null) {
			return new ModelAndView(new RedirectView("/", true));
		}
		List<HomePageController.ProviderLink> methods = account.identities()
			.stream()
			.map(UserProfile.LinkedIdentity::provider)
			.distinct()
			.flatMap((name) -> this.providers.find(name).stream())
			.map((provider) -> HomePageController.ProviderLink.of(provider, "/account"))
			.toList();
		ModelAndView page = new ModelAndView("home/link-account");
		page.addObject("email", pending.identity().email());
		page.addObject("newProvider", this.providers.find(pending.identity().provider())
			.map(SignInProviders.Provider::displayName)
			.orElse(pending.identity().provider()));
		page.addObject("methods", methods);
		return page;
	}
}
