package nexus.iam.authserver;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import nexus.iam.clientregistry.ClientOptions;
import nexus.iam.page.PageResponses;
import nexus.iam.page.PageViewers;
import nexus.iam.page.PageViewers.PageViewer;
import nexus.iam.token.CsrfTokens;
import nexus.iam.token.VerifiedAccessToken;

/**
 * {@code /account/applications}: the applications the user allowed to use the account (the
 * remembered consents), each with a button that withdraws it (a form with the CSRF token, like the
 * account page's), which also ends the tokens the application holds for the user.
 */
@Controller
final class ApplicationsPageController {

	static final String PAGE = "/account/applications";

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final PostgresConsentService consents;

	private final RegisteredClientRepository clients;

	private final PageViewers viewers;

	private final CsrfTokens csrfTokens;

	ApplicationsPageController(PostgresConsentService consents, RegisteredClientRepository clients,
			PageViewers viewers, CsrfTokens csrfTokens) {
		this.consents = consents;
		this.clients = clients;
		this.viewers = viewers;
		this.csrfTokens = csrfTokens;
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
		List<Application> applications = this.consents.of(viewer.userId()).stream().map(this::application).toList();
		return new ModelAndView("authserver/applications", "page", new ApplicationsPage(applications,
				this.csrfTokens.tokenFor(viewer.sessionId()), ApplicationsNotice.of(notice)));
	}

	@PostMapping(PAGE + "/{registrationId}/withdraw")
	ModelAndView withdraw(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@PathVariable String registrationId, HttpServletResponse response) {
		if (token == null) {
			return PageResponses.seeOther(PAGE, new HttpHeaders(), response);
		}
		boolean withdrawn = this.consents.withdraw(token.userId().toString(), registrationId);
		ApplicationsNotice notice = withdrawn ? ApplicationsNotice.WITHDRAWN : ApplicationsNotice.NOT_FOUND;
		return PageResponses.seeOther(PAGE + "?notice=" + notice.param(), new HttpHeaders(), response);
	}

	private Application application(ConsentRepository.Consent consent) {
		RegisteredClient client = this.clients.findById(consent.registeredClientId());
		String name = (client != null) ? ClientOptions.displayName(client) : "An application that no longer exists";
		return new Application(consent.registeredClientId(), name,
				consent.scopes().stream().map(ScopeDescriptions::of).toList(), DAY.format(consent.grantedAt()));
	}

	/** One allowed application. */
	record Application(String registrationId, String name, List<String> allowed, String since) {
	}

	/** What {@code applications.html} shows. */
	record ApplicationsPage(List<Application> applications, String csrfToken, @Nullable ApplicationsNotice notice) {
	}
}
