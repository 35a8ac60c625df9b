package nexus.iam.sso;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forward-auth for the platform's tools.
 *
 * @param defaultPolicy what a request no rule matches gets
 * @param rules checked in order; the first whose host and path match decides
 * @param headers the names of the identity headers the proxy passes on to the tool
 */
@ConfigurationProperties("nexus.sso")
public record SsoProperties(@DefaultValue("deny") Policy defaultPolicy, @DefaultValue List<Rule> rules,
		@DefaultValue Headers headers) {

	/** What a rule demands. */
	public enum Policy {

		/** No sign-in needed; no identity headers. */
		BYPASS,
		/** Signed in. */
		ONE_FACTOR,
		/** Signed in and stepped up with a second factor (the token's {@code amr} holds {@code otp}). */
		TWO_FACTOR,
		/** Never. */
		DENY;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * One access rule.
	 *
	 * @param hosts host names; {@code *.example.com} matches any subdomain (not the apex)
	 * @param paths Ant-style path patterns ({@code /api/**}); empty means every path
	 * @param policy what the rule demands
	 * @param groups when not empty, the user must be in one of them
	 */
	public record Rule(List<String> hosts, @DefaultValue List<String> paths, Policy policy,
			@DefaultValue List<String> groups) {
	}

	/**
	 * Header names, e.g. what Grafana's {@code auth.proxy} reads.
	 *
	 * @param user the user id
	 * @param email the e-mail address
	 * @param name the display name
	 * @param groups comma-separated groups
	 */
	public record Headers(@DefaultValue("Remote-User") String user, @DefaultValue("Remote-Email") String email,
			@DefaultValue("Remote-Name") String name, @DefaultValue("Remote-Groups") String groups) {
	}
}
