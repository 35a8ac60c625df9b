package nexus.iam.authserver;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import nexus.iam.revocation.RevocationService;
import nexus.iam.session.ClientContexts;
import nexus.iam.session.RefreshOutcome;
import nexus.iam.session.RefreshService;
import nexus.iam.session.SessionService;
import nexus.iam.session.SessionView;
import nexus.iam.token.AccessTokenRejectedException;
import nexus.iam.token.AccessTokenService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.VerifiedAccessToken;

/**
 * The browser's Nexus session, from its cookies, as the resource owner of an authorization request:
 * the access-token cookie, else (like the pages, {@code page.PageViewers}) a refresh with the
 * refresh cookie, whose new cookies go into {@code headers}. Nothing is kept in an HTTP session: when
 * the Nexus session ends, the provider's sign-in ends with it.
 */
@Component
final class BrowserSessions {

	private final AuthCookies cookies;

	private final AccessTokenService accessTokens;

	private final RevocationService revocations;

	private final RefreshService refreshes;

	private final SessionService sessions;

	private final Clock clock;

	BrowserSessions(AuthCookies cookies, AccessTokenService accessTokens, RevocationService revocations,
			RefreshService refreshes, SessionService sessions, Clock clock) {
		this.cookies = cookies;
		this.accessTokens = accessTokens;
		this.revocations = revocations;
		this.refreshes = refreshes;
		this.sessions = sessions;
		this.clock = clock;
	}

	/** The live session of the browser, or null. */
	@Nullable SessionPrincipal of(HttpServletRequest request, HttpHeaders headers) {
		VerifiedAccessToken token = verified(this.cookies.accessToken(request));
		if (token == null) {
			String refreshToken = this.cookies.refreshToken(request);
			if (refreshToken == null) {
				return null;
			}
			if (!(this.refreshes.refresh(refreshToken, ClientContexts.of(request)) instanceof RefreshOutcome.Rotated rotated)) {
				this.cookies.clear(headers);
				return null;
			}
			this.cookies.write(headers, rotated.tokens(), this.clock.instant());
			token = verified(rotated.tokens().accessToken());
			if (token == null) {
				return null;
			}
		}
		VerifiedAccessToken verified = token;
		Optional<SessionView> session = this.sessions.liveSessions(verified.userId())
			.stream()
			.filter((view) -> view.id().equals(verified.sessionId()))
			.findFirst();
		return session.map((view) -> new SessionPrincipal(verified.userId(), verified.sessionId(), verified.amr(),
				view.createdAt())).orElse(null);
	}

	private @Nullable VerifiedAccessToken verified(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			VerifiedAccessToken token = this.accessTokens.verify(value);
			return this.revocations.isRevoked(token) ? null : token;
		}
		catch (AccessTokenRejectedException ex) {
			return null;
		}
	}
}
