package nexus.iam.oidc;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Starts a flow at a provider: fresh state, nonce and PKCE verifier, sealed into the state cookie. */
@Component
class LoginFlows {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final LoginStateCookie stateCookie;

	private final DevLoginHints devHints;

	LoginFlows(LoginStateCookie stateCookie, DevLoginHints devHints) {
		this.stateCookie = stateCookie;
		this.devHints = devHints;
	}

	/**
	 * Sets the state cookie on the response.
	 * @param returnTo already checked
	 * @param link set for a flow that adds the identity to a signed-in user
	 * @return the provider's authorization URL to send the browser to
	 */
	String start(OidcProvider provider, String returnTo, @Nullable String loginHint, LoginState.@Nullable Link link,
			HttpServletResponse response) {
		LoginState state = new LoginState(provider.name(), random(), random(), random(), returnTo, link);
		if (DevProvider.NAME.equals(provider.name()) && loginHint != null) {
			this.devHints.put(state.codeVerifier(), loginHint);
		}
		// discovery first: an unreachable provider leaves no sign-in state behind
		String authorizationUri = provider.authorizationUri(state, loginHint).toString();
		response.addHeader(HttpHeaders.SET_COOKIE, this.stateCookie.create(state, provider.formPost()).toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		return authorizationUri;
	}

	/** 256 bits, base64url: for state, nonce and the PKCE verifier (43 characters, RFC 7636). */
	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}
}
