package nexus.iam.clientregistry;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Nexus's admin token ({@code NEXUS_ADMIN_TOKEN}), read here as well as by the web layer's
 * administration chain: it is the registration endpoint's initial access token (RFC 7591 §3).
 *
 * @param token the service token; without one, registration answers 401 to everybody
 */
@ConfigurationProperties("nexus.admin")
record AdminTokenProperties(@Nullable String token) {

	@Override
	public String toString() {
		return "AdminTokenProperties[token=" + ((this.token != null) ? "(set)" : "(none)") + "]";
	}
}
