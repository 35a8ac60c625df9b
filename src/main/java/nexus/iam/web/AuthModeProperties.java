package nexus.iam.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How API requests authenticate.
 *
 * @param mode {@code native}: the service's own access tokens only; {@code forward-auth}: only the
 * identity headers of a trusted proxy (an auth proxy such as Oathkeeper in front); {@code both}
 * during a migration from one to the other
 * @param userIdHeader the header a trusted proxy names the user's id in
 * @param userHeader the header a trusted proxy names the user's verified e-mail address in, when
 * it has no id
 */
@ConfigurationProperties("nexus.auth")
public record AuthModeProperties(@DefaultValue("native") Mode mode, @DefaultValue("X-User-Id") String userIdHeader,
		@DefaultValue("X-User") String userHeader) {

	/** Which credentials count. */
	public enum Mode {

		NATIVE, FORWARD_AUTH, BOTH;

		boolean tokens() {
			return this != FORWARD_AUTH;
		}

		boolean headers() {
			return this != NATIVE;
		}
	}
}
