package nexus.iam.cookie;

import java.time.Duration;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import nexus.iam.config.NexusProperties;

/**
 * Makes the service's cookies: always {@code HttpOnly}, {@code Secure} whenever the public URL is
 * HTTPS, and then named with the strongest prefix the path and domain allow ({@code __Host-} for
 * host-only cookies on {@code /}, else {@code __Secure-}), so that a sibling host cannot plant them.
 */
@Component
public final class CookieFactory {

	/** Whether a cookie is for this host alone or shared with the configured cookie domain. */
	public enum Scope {
		HOST, SHARED
	}

	private final boolean secure;

	private final String domain;

	public CookieFactory(NexusProperties nexus) {
		this.secure = nexus.secureTransport();
		this.domain = StringUtils.hasText(nexus.cookieDomain()) ? nexus.cookieDomain() : null;
	}

	/** The name on the wire for a cookie of this base name, path and scope. */
	public String name(String baseName, String path, Scope scope) {
		if (!this.secure) {
			return baseName;
		}
		boolean hostOnly = scope == Scope.HOST || this.domain == null;
		return (hostOnly && "/".equals(path)) ? "__Host-" + baseName : "__Secure-" + baseName;
	}

	public ResponseCookie create(String baseName, String value, String path, Scope scope, Duration maxAge,
			String sameSite) {
		ResponseCookie.ResponseCookieBuilder builder = ResponseCookie
			.from(name(baseName, path, scope), value)
			.path(path)
			.httpOnly(true)
			// browsers drop SameSite=None without Secure; they accept Secure from http://localhost
			.secure(this.secure || "None".equals(sameSite))
			.sameSite(sameSite)
			.maxAge(maxAge);
		if (scope == Scope.SHARED && this.domain != null) {
			builder.domain(this.domain);
		}
		return builder.build();
	}

	/** A cookie that makes the browser forget one set by {@link #create}. */
	public ResponseCookie expire(String baseName, String path, Scope scope, String sameSite) {
		return create(baseName, "", path, scope, Duration.ZERO, sameSite);
	}
}
