package nexus.iam.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.observability.LogFields;
import nexus.iam.problem.ErrorCode;
import nexus.iam.revocation.RevocationService;
import nexus.iam.surface.SessionUse;
import nexus.iam.token.AccessTokenRejectedException;
import nexus.iam.token.AccessTokenRejectedException.Reason;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.VerifiedAccessToken;

/**
 * Authenticates a request by its access token: {@code Authorization: Bearer} (RFC 6750) first,
 * else the access-token cookie; verified offline, then checked against this node's in-memory
 * deny-list. A missing or rejected token leaves the request anonymous, so that
 * public pages still work with a stale cookie; protected endpoints then answer 401, and the
 * reason is kept for that answer.
 */
final class AccessTokenAuthenticationFilter extends OncePerRequestFilter {

	static final String REJECTION_ATTRIBUTE = AccessTokenAuthenticationFilter.class.getName() + ".rejection";

	private final AccessTokenService accessTokens;

	private final RevocationService revocations;


	private final AuthCookies cookies;

	private final SessionUse activity;

	/** Off in {@code nexus.auth.mode=forward-auth}: then only a trusted proxy's headers authenticate. */
	private final boolean enabled;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	AccessTokenAuthenticationFilter(AccessTokenService accessTokens, RevocationService revocations,
			AuthCookies cookies, SessionUse activity, boolean enabled) {
		this.enabled = enabled;
		this.accessTokens = accessTokens;
		this.revocations = revocations;
		this.cookies = cookies;
		this.activity = activity;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.enabled) {
			chain.doFilter(request, response);
			return;
		}
		String token = resolve(request);
		if (token != null) {
			try {
				VerifiedAccessToken verified = this.accessTokens.verify(token);
				if (this.revocations.isRevoked(verified)) {
					request.setAttribute(REJECTION_ATTRIBUTE, ErrorCode.TOKEN_REVOKED);
				}
				else {
					SecurityContext context = this.contexts.createEmptyContext();
					context.setAuthentication(AccessTokenAuthentication.ofToken(verified));
					this.contexts.setContext(context);
					this.activity.touch(verified.sessionId());
					// cleared by the request filter of observability, which wraps this one
					MDC.put(LogFields.USER_ID, verified.userId().toString());
				}
			}
			catch (AccessTokenRejectedException ex) {
				request.setAttribute(REJECTION_ATTRIBUTE,
						(ex.reason() == Reason.EXPIRED) ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN);
			}
		}
		chain.doFilter(request, response);
	}

	private @Nullable String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null) {
			String token = bearerToken(header);
			if (token != null) {
				return token;
			}
			// a malformed Authorization header is a rejected credential, not an absent one
			request.setAttribute(REJECTION_ATTRIBUTE, ErrorCode.INVALID_TOKEN);
			return null;
		}
		return this.cookies.accessToken(request);
	}

	/**
	 * The b64token of an RFC 6750 {@code Bearer} credential, or null. A loop rather than a regular
	 * expression: this runs on every request, over a token of several hundred characters.
	 */
	static @Nullable String bearerToken(String header) {
		if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String token = header.substring(7).strip();
		if (token.isEmpty()) {
			return null;
		}
		int end = token.length();
		while (end > 0 && token.charAt(end - 1) == '=') {
			end--;
		}
		if (end == 0) {
			return null;
		}
		for (int i = 0; i < end; i++) {
			char c = token.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!allowed) {
				return null;
			}
		}
		return token;
	}
}
