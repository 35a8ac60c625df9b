package nexus.iam.authserver;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import nexus.iam.clientregistry.ClientOptions;
import nexus.iam.page.PageResponses;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * {@code GET /oauth2/consent}: where Spring Authorization Server sends the browser when a client
 * that is not first-party asks for scopes the user has not allowed it yet. A plain form, posted back
 * to the authorization endpoint with the authorization's one-time {@code state}, which only the
 * user who started it can use (so a cross-site post has nothing to send): allow sends the requested scopes, deny sends none
 * ({@code access_denied} to the client).
 */
@Controller
final class ConsentPageController {

	/** The same policy as every page's, with the client's redirect origins: the form's answer redirects there. */
	private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

	private final RegisteredClientRepository clients;

	private final BrowserSessions sessions;

	ConsentPageController(RegisteredClientRepository clients, BrowserSessions sessions) {
		this.clients = clients;
		this.sessions = sessions;
	}

	@GetMapping(AuthServerConfiguration.CONSENT_PAGE)
	ModelAndView consent(@RequestParam(name = "client_id", required = false) @Nullable String clientId,
			@RequestParam(required = false) @Nullable String scope,
			@RequestParam(required = false) @Nullable String state, HttpServletRequest request,
			HttpServletResponse response) {
		RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
		if (client == null || state == null || state.isEmpty()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "This consent request is not valid");
		}
		HttpHeaders headers = new HttpHeaders();
		SessionPrincipal viewer = this.sessions.of(request, headers);
		if (viewer == null) {
			String here = request.getRequestURI() + "?" + request.getQueryString();
			return PageResponses.toSignIn(here, headers, response);
		}
		PageResponses.write(headers, response);
		response.setHeader("Content-Security-Policy", CSP + redirectOrigins(client));
		Set<String> scopes = new LinkedHashSet<>(Arrays.asList(((scope != null) ? scope : "").split(" ")));
		scopes.removeIf(String::isEmpty);
		List<ScopeRow> rows = scopes.stream().map((each) -> new ScopeRow(each, ScopeDescriptions.of(each))).toList();
		return new ModelAndView("authserver/consent", "page",
				new ConsentPage(ClientOptions.displayName(client), client.getClientId(), state, rows));
	}

	private static String redirectOrigins(RegisteredClient client) {
		StringBuilder origins = new StringBuilder();
		for (String uri : client.getRedirectUris()) {
			try {
				URI parsed = URI.create(uri);
				if (parsed.getScheme() != null && parsed.getHost() != null
						&& parsed.getHost().chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
					origins.append(' ')
						.append(parsed.getScheme())
						.append("://")
						.append(parsed.getHost())
						.append((parsed.getPort() != -1) ? ":" + parsed.getPort() : "");
				}
			}
			catch (IllegalArgumentException ex) {
				// not a URL the browser could be sent to: nothing to allow
			}
		}
		return origins.toString();
	}

	/** One scope on the page. */
	record ScopeRow(String scope, String description) {
	}

	/** What {@code consent.html} shows. */
	record ConsentPage(String clientName, String clientId, String state, List<ScopeRow> scopes) {
	}
}
