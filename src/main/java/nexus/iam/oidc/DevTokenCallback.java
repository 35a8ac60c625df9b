package nexus.iam.oidc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Makes the development provider's tokens say who signed in: the e-mail address becomes the
 * subject, a verified {@code email} and a {@code name}.
 */
final class DevTokenCallback implements OAuth2TokenCallback {

	private final String issuerId;

	private final String clientId;

	private final DevLoginHints hints;

	DevTokenCallback(String issuerId, String clientId, DevLoginHints hints) {
		this.issuerId = issuerId;
		this.clientId = clientId;
		this.hints = hints;
	}

	@Override
	public String issuerId() {
		return this.issuerId;
	}

	@Override
	public String subject(TokenRequest request) {
		return email(request);
	}

	@Override
	public String typeHeader(TokenRequest request) {
		return "JWT";
	}

	@Override
	public List<String> audience(TokenRequest request) {
		return List.of(this.clientId);
	}

	@Override
	public Map<String, Object> addClaims(TokenRequest request) {
		String email = email(request);
		String local = email.substring(0, email.indexOf('@'));
		String name = local.isEmpty() ? email : local.substring(0, 1).toUpperCase(Locale.ROOT) + local.substring(1);
		return Map.of("email", email, "email_verified", true, "name", name);
	}

	@Override
	public long tokenExpiry() {
		return 300;
	}

	private String email(TokenRequest request) {
		if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant && grant.getCodeVerifier() != null) {
			String email = this.hints.get(grant.getCodeVerifier().getValue());
			if (email != null) {
				return email;
			}
		}
		throw new IllegalStateException("no e-mail address was given for this development sign-in");
	}
}
