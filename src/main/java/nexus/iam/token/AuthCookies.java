package nexus.iam.token;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.cookie.CookieFactory.Scope;

/**
 * The two token cookies, both {@code HttpOnly} and {@code SameSite=Lax}. The access token goes to
 * sibling hosts too when a cookie domain is set (forward-auth); the refresh token never leaves
 * this host.
 */
@Component
public final class AuthCookies {

	static final String ACCESS = "nexus_access";

	static final String REFRESH = "nexus_refresh";

	/**
	 * Path=/ so that over https the cookie is {@code __Host-}: with any other path it could only be
	 * {@code __Secure-}, which a sibling host may plant with a Domain attribute (sign-in CSRF).
	 */
	static final String REFRESH_PATH = "/";

	private static final String LAX = "Lax";

	private final CookieFactory cookies;

	private final String accessName;

	private final String refreshName;

	AuthCookies(CookieFactory cookies) {
		this.cookies = cookies;
		this.accessName = cookies.name(ACCESS, "/", Scope.SHARED);
		this.refreshName = cookies.name(REFRESH, REFRESH_PATH, Scope.HOST);
	}

	/** The cookies that hand a token pair to a browser. */
	public void write(HttpHeaders headers, TokenPair tokens, Instant now) {
		headers.add(HttpHeaders.SET_COOKIE, this.cookies
			.create(ACCESS, tokens.accessToken(), "/", Scope.SHARED, until(now, tokens.accessTokenExpiresAt()), LAX)
			.toString());
		headers.add(HttpHeaders.SET_COOKIE, this.cookies
			.create(REFRESH, tokens.refreshToken(), REFRESH_PATH, Scope.HOST, until(now, tokens.refreshTokenExpiresAt()),
					LAX)
			.toString());
	}

	/** The cookies that make a browser forget both tokens. */
	public void clear(HttpHeaders headers) {
		headers.add(HttpHeaders.SET_COOKIE, this.cookies.expire(ACCESS, "/", Scope.SHARED, LAX).toString());
		headers.add(HttpHeaders.SET_COOKIE, this.cookies.expire(REFRESH, REFRESH_PATH, Scope.HOST, LAX).toString());
	}

	/** The access token from its cookie, if the request carries one. */
	public @Nullable String accessToken(HttpServletRequest request) {
		return value(request, this.accessName);
	}

	/** The refresh token from its cookie, if the request carries one. */
	public @Nullable String refreshToken(HttpServletRequest request) {
		return value(request, this.refreshName);
	}

	private static @Nullable String value(HttpServletRequest request, String name) {
		Cookie[] all = request.getCookies();
		if (all == null) {
			return null;
		}
		for (Cookie cookie : all) {
			if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private static Duration until(Instant now, Instant expiresAt) {
		Duration left = Duration.between(now, expiresAt);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
