package nexus.iam.testsupport;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in round trip through the test provider, hop by hop. */
public final class SignInFlow {

	private final Browser browser;

	private final String baseUrl;

	public SignInFlow(Browser browser, String baseUrl) {
		this.browser = browser;
		this.baseUrl = baseUrl;
	}

	/** Starts a Google sign-in and returns the callback URL the provider sends the browser to. */
	public String startAndAuthorize(String query) {
		HttpResponse<String> login = this.browser.get(this.baseUrl + "/api/auth/google/login" + query);
		assertThat(login.statusCode()).as("login redirect").isEqualTo(302);
		HttpResponse<String> authorize = this.browser.get(Browser.location(login));
		assertThat(authorize.statusCode()).as("provider redirect").isEqualTo(302);
		String callback = Browser.location(authorize);
		assertThat(callback).startsWith(this.baseUrl + "/api/auth/google/callback");
		return callback;
	}

	/** The whole sign-in as {@code subject}; returns the callback's response (a redirect on success). */
	public HttpResponse<String> signIn(String subject, String email) {
		TestOidcProvider.get().nextSignIn(subject, email);
		return this.browser.get(startAndAuthorize(""));
	}

	/** The whole sign-in as {@code subject}, which must succeed; returns the browser's tokens. */
	public TokenClient.Tokens signedIn(String subject, String email) {
		assertThat(signIn(subject, email).statusCode()).as("sign-in redirect").isEqualTo(302);
		return TokenClient.Tokens.of(this.browser);
	}
}
