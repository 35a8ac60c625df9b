package nexus.iam.sso;

import java.util.List;
import java.util.Locale;

import org.springframework.util.AntPathMatcher;

import nexus.iam.sso.SsoProperties.Policy;
import nexus.iam.sso.SsoProperties.Rule;

/** The first rule whose host and path match decides; none matching means the default (deny). */
final class AccessRules {

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private final List<Rule> rules;

	private final Policy defaultPolicy;

	AccessRules(SsoProperties properties) {
		this.rules = properties.rules();
		this.defaultPolicy = properties.defaultPolicy();
	}

	/** The rule for this request, or a rule holding only the default policy. */
	Rule match(String host, String path) {
		String normalizedHost = host.toLowerCase(Locale.ROOT);
		for (Rule rule : this.rules) {
			if (rule.hosts().stream().anyMatch((pattern) -> hostMatches(pattern, normalizedHost))
					&& (rule.paths().isEmpty() || rule.paths().stream().anyMatch((p) -> PATHS.match(p, path)))) {
				return rule;
			}
		}
		return new Rule(List.of(), List.of(), this.defaultPolicy, List.of());
	}

	static boolean hostMatches(String pattern, String host) {
		String p = pattern.toLowerCase(Locale.ROOT);
		if (p.startsWith("*.")) {
			return host.endsWith(p.substring(1)) && host.length() > p.length() - 1;
		}
		return p.equals(host);
	}
}
