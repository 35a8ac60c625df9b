package nexus.iam.authserver;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

import nexus.iam.authserver.AuthorizeDecision.Outcome;
import nexus.iam.authserver.AuthorizeDecision.Proceed;
import nexus.iam.authserver.AuthorizeDecision.Refuse;
import nexus.iam.authserver.AuthorizeDecision.SignIn;
import nexus.iam.authserver.AuthorizeDecision.StepUp;
import nexus.iam.clientregistry.ClientOptions;

/**
 * Between Spring Authorization Server's check of an authorization request (client, redirect URI,
 * scopes, PKCE: it has put the checked request in a request attribute) and its answer: applies
 * {@link AuthorizeDecision} and sends the browser to Nexus's sign-in or to the second-factor step-up,
 * both coming back to the same authorization request, or back to the client with an error.
 */
final class AuthorizeGate extends OncePerRequestFilter {

	/** Forward-auth's step-up page (sso.ForwardAuthController): back to {@code rd} afterwards. */
	static final String STEP_UP_PATH = "/account/mfa/verify";

	private static final Duration MAX_AGE_CAP = Duration.ofDays(3650);

	private static final String VALIDATED = OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName();

	private final RegisteredClientRepository clients;

	private final AuthorizationResponses responses;

	private final String publicUrl;

	private final Clock clock;

	AuthorizeGate(RegisteredClientRepository clients, AuthorizationResponses responses, String publicUrl, Clock clock) {
		this.clients = clients;
		this.responses = responses;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!(request.getAttribute(VALIDATED) instanceof OAuth2AuthorizationCodeRequestAuthenticationToken checked)) {
			chain.doFilter(request, response);
			return;
		}
		RegisteredClient client = this.clients.findByClientId(checked.getClientId());
		if (client == null) {
			chain.doFilter(request, response); // answered by Spring Authorization Server
			return;
		}
		Map<String, Object> parameters = checked.getAdditionalParameters();
		Duration maxAge;
		try {
			maxAge = maxAge(text(parameters.get("max_age")));
		}
		catch (NumberFormatException ex) {
			refuse(request, response, checked, client, "invalid_request", "max_age must be a number of seconds");
			return;
		}
		AuthorizeDecision.Request asked = new AuthorizeDecision.Request(words(text(parameters.get("prompt"))), maxAge,
				words(text(parameters.get("acr_values"))),
				signedInAfter(text(parameters.get(AuthorizeDecision.REAUTHENTICATED_AFTER))));
		AuthorizeDecision.Session session = (SecurityContextHolder.getContext()
			.getAuthentication() instanceof SessionPrincipal principal)
					? new AuthorizeDecision.Session(principal.amr(), principal.authTime()) : null;
		Outcome outcome = AuthorizeDecision.decide(session, asked, ClientOptions.requiresTwoFactor(client),
				this.clock.instant());
		switch (outcome) {
			case Proceed proceed -> chain.doFilter(request, response);
			case SignIn signIn -> AuthorizationResponses.redirect(response,
					this.publicUrl + "/?return_to=" + encode(comeBack(request, true, signIn.again())));
			case StepUp stepUp -> AuthorizationResponses.redirect(response,
					this.publicUrl + STEP_UP_PATH + "?rd=" + encode(comeBack(request, false, false)));
			case Refuse refuse -> refuse(request, response, checked, client, refuse.error(), null);
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response,
			OAuth2AuthorizationCodeRequestAuthenticationToken checked, RegisteredClient client, String error,
			@Nullable String description) throws IOException {
		String redirectUri = (checked.getRedirectUri() != null) ? checked.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken back = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				checked.getAuthorizationUri(), checked.getClientId(),
				(org.springframework.security.core.Authentication) checked.getPrincipal(), redirectUri,
				checked.getState(), checked.getScopes(), checked.getAdditionalParameters());
		this.responses.onAuthenticationFailure(request, response,
				new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(error, description, null), back));
	}

	/**
	 * The authorization request, as a path on this service, to come back to: for a sign-in,
	 * {@code prompt=login} taken out, and when the browser's session did not count, the instant from
	 * which a sign-in counts put in.
	 */
	private String comeBack(HttpServletRequest request, boolean signIn, boolean again) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(request.getRequestURI());
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			String name = parameter.getKey();
			if (signIn && name.equals(AuthorizeDecision.REAUTHENTICATED_AFTER)) {
				continue;
			}
			for (String value : parameter.getValue()) {
				if (name.equals("prompt")) {
					Set<String> prompt = words(value);
					prompt.remove("login");
					if (prompt.isEmpty()) {
						continue;
					}
					value = String.join(" ", prompt);
				}
				uri.queryParam(encode(name), encode(value));
			}
		}
		if (again) {
			// milliseconds: a sign-in that completes within the same second still counts
			uri.queryParam(AuthorizeDecision.REAUTHENTICATED_AFTER, this.clock.instant().toEpochMilli());
		}
		return uri.build(true).toUriString();
	}

	private static @Nullable Duration maxAge(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		long seconds = Long.parseLong(value);
		if (seconds < 0) {
			throw new NumberFormatException("negative");
		}
		// longer than any session lives: as good as none, and no arithmetic overflow
		return Duration.ofSeconds(Math.min(seconds, MAX_AGE_CAP.toSeconds()));
	}

	private static @Nullable Instant signedInAfter(@Nullable String value) {
		try {
			return (value != null) ? Instant.ofEpochMilli(Long.parseLong(value)) : null;
		}
		catch (NumberFormatException | java.time.DateTimeException ex) {
			return null;
		}
	}

	private static Set<String> words(@Nullable String value) {
		Set<String> words = new LinkedHashSet<>();
		if (value != null) {
			Arrays.stream(value.split(" ")).filter((word) -> !word.isEmpty()).forEach(words::add);
		}
		return words;
	}

	private static @Nullable String text(@Nullable Object value) {
		if (value instanceof String[] values) {
			return (values.length > 0) ? values[0] : null;
		}
		return (value != null) ? value.toString() : null;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
