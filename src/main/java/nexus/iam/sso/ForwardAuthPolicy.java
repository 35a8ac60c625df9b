package nexus.iam.sso;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nexus.iam.identity.UserProfile;
import nexus.iam.problem.ErrorCode;
import nexus.iam.sso.ForwardAuthDecision.Allow;
import nexus.iam.sso.ForwardAuthDecision.Deny;
import nexus.iam.sso.ForwardAuthDecision.SignIn;
import nexus.iam.sso.ForwardAuthDecision.StepUp;
import nexus.iam.sso.SsoProperties.Policy;
import nexus.iam.sso.SsoProperties.Rule;
import nexus.iam.token.VerifiedAccessToken;

/**
 * May this request reach the tool? The first access rule whose host and path match decides (none:
 * the default policy); for a rule that wants a sign-in, the caller's access token and what is known
 * of its user decide. No HTTP here: {@link ForwardAuthController} maps the decision.
 */
final class ForwardAuthPolicy {

	private final AccessRules rules;

	private final SsoProperties.Headers headers;

	ForwardAuthPolicy(SsoProperties properties) {
		this.rules = new AccessRules(properties);
		this.headers = properties.headers();
	}

	/**
	 * @param host the tool's host name, without port
	 * @param path the request's path, without query
	 * @param token the caller's verified access token, if any
	 * @param users what is known of a user; asked only when a rule wants a sign-in and a token came
	 */
	ForwardAuthDecision decide(String host, String path, @Nullable VerifiedAccessToken token, UserLookup users) {
		Rule rule = this.rules.match(host, path);
		return switch (rule.policy()) {
			case BYPASS -> new Allow(Map.of());
			case DENY -> new Deny(ErrorCode.FORBIDDEN, "No access rule allows this request");
			case ONE_FACTOR, TWO_FACTOR -> decideSignedIn(rule, token, users);
		};
	}

	private ForwardAuthDecision decideSignedIn(Rule rule, @Nullable VerifiedAccessToken token, UserLookup users) {
		if (token == null) {
			return new SignIn();
		}
		Member member = users.find(token.userId()).orElse(null);
		if (member == null) {
			return new SignIn();
		}
		if (!rule.groups().isEmpty() && member.groups().stream().noneMatch(rule.groups()::contains)) {
			return new Deny(ErrorCode.FORBIDDEN, "Not in a group this rule requires");
		}
		if (rule.policy() == Policy.TWO_FACTOR && !twoFactor(token.amr())) {
			return new StepUp();
		}
		return new Allow(identityHeaders(member));
	}

	/**
	 * Two factors were proved: a TOTP step-up ({@code otp}), or a user-verified passkey, at sign-in
	 * or in a step-up ({@code mfa}, RFC 8176).
	 */
	static boolean twoFactor(java.util.List<String> amr) {
		return amr.contains("otp") || amr.contains("mfa");
	}

	private Map<String, String> identityHeaders(Member member) {
		UserProfile user = member.profile();
		Map<String, String> identity = new LinkedHashMap<>();
		identity.put(this.headers.user(), user.id().toString());
		if (user.email() != null) {
			identity.put(this.headers.email(), user.email());
		}
		if (user.name() != null) {
			// header values are ISO-8859-1: a name outside it goes as its ASCII-safe form
			identity.put(this.headers.name(), latin1(user.name()));
		}
		identity.put(this.headers.groups(), String.join(",", member.groups()));
		return Collections.unmodifiableMap(identity);
	}

	private static String latin1(String value) {
		StringBuilder out = new StringBuilder();
		value.codePoints().forEach((c) -> out.append((c >= 0x20 && c <= 0xff && c != 0x7f) ? (char) c : '?'));
		return out.toString();
	}

	/**
	 * A signed-in user as forward-auth sees them.
	 *
	 * @param profile who
	 * @param groups their groups, sorted
	 */
	record Member(UserProfile profile, List<String> groups) {
	}

	/** Finds the user behind a token; empty when the user no longer exists. */
	@FunctionalInterface
	interface UserLookup {

		Optional<Member> find(UUID userId);
	}
}
