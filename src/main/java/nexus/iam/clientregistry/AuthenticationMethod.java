package nexus.iam.clientregistry;

import java.util.Optional;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/** How a client authenticates at the token endpoint (RFC 7591 {@code token_endpoint_auth_method}). */
public enum AuthenticationMethod {

	CLIENT_SECRET_BASIC(ClientAuthenticationMethod.CLIENT_SECRET_BASIC),
	CLIENT_SECRET_POST(ClientAuthenticationMethod.CLIENT_SECRET_POST),
	/** A public client: no secret, PKCE required. */
	NONE(ClientAuthenticationMethod.NONE),
	/** A JWT signed with the client's own key, whose public part is at its {@code jwks_uri}. */
	PRIVATE_KEY_JWT(ClientAuthenticationMethod.PRIVATE_KEY_JWT);

	private final ClientAuthenticationMethod sas;

	AuthenticationMethod(ClientAuthenticationMethod sas) {
		this.sas = sas;
	}

	/** The RFC 7591 value. */
	public String value() {
		return this.sas.getValue();
	}

	/** Whether the client holds a secret of Nexus's making. */
	public boolean usesSecret() {
		return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
	}

	ClientAuthenticationMethod sas() {
		return this.sas;
	}

	static Optional<AuthenticationMethod> of(String value) {
		for (AuthenticationMethod method : values()) {
			if (method.value().equals(value)) {
				return Optional.of(method);
			}
		}
		return Optional.empty();
	}

	static AuthenticationMethod of(ClientAuthenticationMethod sas) {
		for (AuthenticationMethod method : values()) {
			if (method.sas.equals(sas)) {
				return method;
			}
		}
		throw new IllegalArgumentException("not a method Nexus offers: " + sas.getValue());
	}
}
