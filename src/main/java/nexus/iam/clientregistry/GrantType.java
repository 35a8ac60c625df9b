package nexus.iam.clientregistry;

import java.util.Locale;
import java.util.Optional;

import org.springframework.security.oauth2.core.AuthorizationGrantType;

/** The grants a client may use: no implicit flow, no password grant. */
public enum GrantType {

	AUTHORIZATION_CODE(AuthorizationGrantType.AUTHORIZATION_CODE),
	REFRESH_TOKEN(AuthorizationGrantType.REFRESH_TOKEN),
	CLIENT_CREDENTIALS(AuthorizationGrantType.CLIENT_CREDENTIALS);

	private final AuthorizationGrantType sas;

	GrantType(AuthorizationGrantType sas) {
		this.sas = sas;
	}

	/** The RFC 7591 {@code grant_types} value. */
	public String value() {
		return this.sas.getValue();
	}

	AuthorizationGrantType sas() {
		return this.sas;
	}

	static Optional<GrantType> of(String value) {
		for (GrantType type : values()) {
			if (type.value().equals(value)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
