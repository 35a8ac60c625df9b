package nexus.iam.authserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The user's claims a client receives, by the scopes it was granted (OpenID Connect Core §5.4), in
 * the ID token and from userinfo alike: {@code email} gives {@code email} and
 * {@code email_verified}, {@code profile} gives {@code name}, {@code groups} gives {@code groups}
 * (Nexus's groups). {@code sub} is always the Nexus user id.
 */
final class ScopeClaims {

	static final String GROUPS = "groups";

	private ScopeClaims() {
	}

	static Map<String, Object> of(Set<String> scopes, User user) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", user.id());
		if (scopes.contains("email") && user.email() != null) {
			claims.put("email", user.email());
			claims.put("email_verified", user.emailVerified());
		}
		if (scopes.contains("profile") && user.name() != null) {
			claims.put("name", user.name());
		}
		if (scopes.contains(GROUPS)) {
			claims.put(GROUPS, List.copyOf(user.groups()));
		}
		return claims;
	}

	/**
	 * What is known of the user.
	 *
	 * @param id the user id
	 * @param email the primary address
	 * @param emailVerified whether a provider verified it
	 * @param name the display name
	 * @param groups the user's groups
	 */
	record User(String id, @Nullable String email, boolean emailVerified, @Nullable String name, List<String> groups) {
	}
}
