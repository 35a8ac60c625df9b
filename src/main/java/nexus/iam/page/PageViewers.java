package nexus.iam.page;

import java.time.Clock;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import nexus.iam.session.ClientContexts;
import nexus.iam.session.RefreshOutcome;
import nexus.iam.session.RefreshService;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.VerifiedAccessToken;

/**
 * Who is looking at a server-rendered page of their own (the account, two-factor settings). A page has no script to refresh an expired access token, so
 * it refreshes it itself with the refresh cookie and renders at once (no redirect loop).
 */
@Component
public final class PageViewers {

	private final RefreshService refreshes;

	private final AuthCookies cookies;

	private final Clock clock;

	PageViewers(RefreshService refreshes, AuthCookies cookies, Clock clock) {
		this.refreshes = refreshes;
		this.cookies = cookies;
		this.clock = clock;
	}

	/**
	 * The viewer from the access token, else from a refresh that rotates the refresh cookie (the
	 * new cookies go into {@code headers}); {@code null}, with the cookies cleared, when neither works.
	 */
	public @Nullable PageViewer of(@Nullable VerifiedAccessToken token, HttpServletRequest request,
			HttpHeaders headers) {
		if (token != null) {
			return PageViewer.of(token);
		}
		String refreshToken = this.cookies.refreshToken(request);
		if (refreshToken == null) {
			return null;
		}
		RefreshOutcome outcome = this.refreshes.refresh(refreshToken, ClientContexts.of(request));
		if (outcome instanceof RefreshOutcome.Rotated rotated) {
			this.cookies.write(headers, rotated.tokens(), this.clock.instant());
			return new PageViewer(rotated.userId(), rotated.sessionId());
		}
		this.cookies.clear(headers);
		return null;
	}

	/** The signed-in user of a page and the session it is seen in. */
	public record PageViewer(UUID userId, UUID sessionId) {

		public static PageViewer of(VerifiedAccessToken token) {
			return new PageViewer(token.userId(), token.sessionId());
		}
	}
}
