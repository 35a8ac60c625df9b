package nexus.iam.authserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;
import nexus.iam.session.ClientContext;
import nexus.iam.session.ClientContexts;
import nexus.iam.session.SessionApplications;

/**
 * The authorization endpoint's answers. A code: back to the client's redirect URI, after the
 * bookkeeping (audit, metric, the session's applications). An error: back to the client with
 * {@code error} when its redirect URI was checked, else (unknown client, a redirect URI that does not
 * match) an error page here, never a redirect (RFC 6749 §4.1.2.1).
 */
final class AuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final AuditLog audit;

	private final ProviderMetrics metrics;

	private final SessionApplications applications;

	AuthorizationResponses(AuditLog audit, ProviderMetrics metrics, SessionApplications applications) {
		this.audit = audit;
		this.metrics = metrics;
		this.applications = applications;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken granted = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		if (granted.getPrincipal() instanceof SessionPrincipal session) {
			ClientContext client = ClientContexts.of(request);
			this.audit.record(new AuditEvent(AuditEventType.OIDC_AUTHORIZATION_GRANTED, session.userId(),
					session.sessionId(), client.ipAddress(), client.userAgent(),
					Map.of("client", granted.getClientId(), "scopes", String.join(" ", new TreeSet<>(granted.getScopes())))));
			// the session signed in to this client: told when the session ends (back-channel logout)
			this.applications.signedIn(session.sessionId(), granted.getClientId());
		}
		this.metrics.authorizationGranted(granted.getClientId());
		UriComponentsBuilder location = UriComponentsBuilder.fromUriString(granted.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, granted.getAuthorizationCode().getTokenValue());
		if (StringUtils.hasText(granted.getState())) {
			location.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(granted.getState(), StandardCharsets.UTF_8));
		}
		toClient(request, response, location.build(true).toUriString());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error("invalid_request");
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException e)
				? e.getAuthorizationCodeRequestAuthentication() : null;
		if (refused == null || !StringUtils.hasText(refused.getRedirectUri())) {
			// no checked redirect URI: never send the browser anywhere
			String detail = error.getErrorCode()
					+ (StringUtils.hasText(error.getDescription()) ? ": " + error.getDescription() : "");
			response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
			Problems.write(request, response, Problems.of(ErrorCode.INVALID_REQUEST, detail));
			return;
		}
		UriComponentsBuilder location = UriComponentsBuilder.fromUriString(refused.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			location.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION,
					UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
		}
		if (StringUtils.hasText(refused.getState())) {
			location.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(refused.getState(), StandardCharsets.UTF_8));
		}
		toClient(request, response, location.build(true).toUriString());
	}

	/**
	 * Back to the client. A browser's navigation ({@code Sec-Fetch-Mode: navigate}) may be among the
	 * redirects of a form it posted on a page (the development sign-in, the two-factor step-up, the
	 * consent page), and browsers hold every redirect of a form's navigation to that page's CSP
	 * {@code form-action}, which does not name the client: it gets a page that moves on by itself (a
	 * new navigation, no form's; no referrer), with a link. Every other caller (a client library, a
	 * server) gets the 302.
	 */
	static void toClient(HttpServletRequest request, HttpServletResponse response, String location) throws IOException {
		if (!"navigate".equals(request.getHeader("Sec-Fetch-Mode"))) {
			redirect(response, location);
			return;
		}
		String escaped = HtmlUtils.htmlEscape(location);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
		response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta http-equiv=\"refresh\" content=\"0;url=" + escaped + "\"><title>Back to the application</title>"
				+ "<link rel=\"stylesheet\" href=\"/css/nexus.css\"></head><body><main><p id=\"continue\">"
				+ "<a href=\"" + escaped + "\">Continue to the application</a></p></main></body></html>");
	}

	static void redirect(HttpServletResponse response, String location) {
		response.setStatus(HttpServletResponse.SC_FOUND);
		response.setHeader(HttpHeaders.LOCATION, location);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
	}
}
