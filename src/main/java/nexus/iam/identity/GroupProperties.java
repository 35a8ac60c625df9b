package nexus.iam.identity;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Groups.
 *
 * @param bootstrap group name to the e-mail addresses whose users join it when they sign in with
 * that address verified, e.g. {@code nexus.groups.bootstrap.admins=alice@example.com}: the first
 * administrators, before anyone can use the administration API to add others
 */
@ConfigurationProperties("nexus.groups")
public record GroupProperties(@DefaultValue Map<String, List<String>> bootstrap) {

	static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,62}$");

	public GroupProperties {
		for (String group : bootstrap.keySet()) {
			if (!NAME.matcher(group).matches()) {
				throw new IllegalArgumentException("nexus.groups.bootstrap: \"" + group
						+ "\" is not a group name (lower-case letters, digits, _ . -, at most 63)");
			}
		}
	}
}
