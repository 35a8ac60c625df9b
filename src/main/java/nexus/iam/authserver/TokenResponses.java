package nexus.iam.authserver;

import java.io.IOException;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.session.ClientContext;
import nexus.iam.session.ClientContexts;

/**
 * The token endpoint's success: Spring Authorization Server's response, counted
 * ({@code oidc_token_issued_total{client,grant}}) and audited ({@code oidc_token_issued}, with the
 * user and session the access token was issued for: read back from the token just signed).
 */
final class TokenResponses implements AuthenticationSuccessHandler {

	private final AuthenticationSuccessHandler response = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	private final AuditLog audit;

	private final ProviderMetrics metrics;

	TokenResponses(AuditLog audit, ProviderMetrics metrics) {
		this.audit = audit;
		this.metrics = metrics;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		OAuth2AccessTokenAuthenticationToken issued = (OAuth2AccessTokenAuthenticationToken) authentication;
		String clientId = issued.getRegisteredClient().getClientId();
		String grant = String.valueOf(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
		this.metrics.tokenIssued(clientId, grant);
		UUID userId = null;
		UUID sessionId = null;
		try {
			JWTClaimsSet claims = SignedJWT.parse(issued.getAccessToken().getTokenValue()).getJWTClaimsSet();
			if (claims.getStringClaim("sid") != null) {
				sessionId = UUID.fromString(claims.getStringClaim("sid"));
				userId = UUID.fromString(claims.getSubject());
			}
		}
		catch (ParseException | IllegalArgumentException ex) {
			// not one of our JWTs: audited without user and session
		}
		ClientContext client = ClientContexts.of(request);
		AuditEvent event = new AuditEvent(AuditEventType.OIDC_TOKEN_ISSUED, userId, sessionId, client.ipAddress(),
				client.userAgent(), Map.of("client", clientId, "grant", grant));
		if ("refresh_token".equals(grant)) {
			// routine, and the token endpoint's hot path: the log keeps it without a database write
			this.audit.recordInLogOnly(event);
		}
		else {
			this.audit.record(event);
		}
		this.response.onAuthenticationSuccess(request, response, authentication);
	}
}
