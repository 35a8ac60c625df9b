package nexus.iam.oidc;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.cookie.CookieFactory.Scope;
import nexus.iam.login.SealedCookieValues;

/**
 * The sign-in state as a short-lived cookie, encrypted and authenticated (JWE, direct A256GCM), so
 * the browser can neither read the PKCE verifier nor change where it will be sent. Host-only with
 * {@code Path=/}, hence {@code __Host-} over https, and {@code SameSite=Lax}, which a top-level
 * redirect back from the provider carries.
 */
final class LoginStateCookie {

	static final String NAME = "nexus_login";

	/** Path=/ so that over https the cookie is {@code __Host-}: a sibling host cannot plant one. */
	static final String PATH = "/";

	private static final String PURPOSE = "nexus-iam/login-state/v1";

	private final SealedCookieValues sealed;

	private final CookieFactory cookies;

	private final Duration lifetime;

	private final String name;

	LoginStateCookie(byte[] secret, CookieFactory cookies, Duration lifetime, Clock clock) {
		this.sealed = new SealedCookieValues(secret, PURPOSE, clock);
		this.cookies = cookies;
		this.lifetime = lifetime;
		this.name = cookies.name(NAME, PATH, Scope.HOST);
	}

	/**
	 * @param crossSitePost whether the provider will POST the callback from its own site (Sign in
	 * with Apple): then, and only then, the cookie is {@code SameSite=None; Secure}, or the browser
	 * would not send it with that POST
	 */
	ResponseCookie create(LoginState state, boolean crossSitePost) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("provider", state.provider())
			.claim("state", state.state())
			.claim("nonce", state.nonce())
			.claim("cv", state.codeVerifier())
			.claim("rt", state.returnTo());
		if (state.link() != null) {
			claims.claim("lu", state.link().userId().toString()).claim("ls", state.link().sessionId().toString());
		}
		return this.cookies.create(NAME, this.sealed.seal(claims, this.lifetime), PATH, Scope.HOST, this.lifetime,
				crossSitePost ? "None" : "Lax");
	}

	ResponseCookie expire() {
		return this.cookies.expire(NAME, PATH, Scope.HOST, "Lax");
	}

	/** The state this browser carries, if it is genuine and not expired. */
	Optional<LoginState> read(HttpServletRequest request) {
		return this.sealed.open(SealedCookieValues.cookieValue(request, this.name)).flatMap(LoginStateCookie::state);
	}

	private static Optional<LoginState> state(JWTClaimsSet claims) {
		try {
			String linkUser = claims.getStringClaim("lu");
			String linkSession = claims.getStringClaim("ls");
			LoginState.Link link = (linkUser != null && linkSession != null)
					? new LoginState.Link(UUID.fromString(linkUser), UUID.fromString(linkSession)) : null;
			return Optional.of(new LoginState(claims.getStringClaim("provider"), claims.getStringClaim("state"),
					claims.getStringClaim("nonce"), claims.getStringClaim("cv"), claims.getStringClaim("rt"), link));
		}
		catch (ParseException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}
}
