package nexus.iam.identity;

import org.jspecify.annotations.Nullable;

/**
 * Where and how to write to a user.
 *
 * @param email the primary e-mail address, if the user has one
 * @param emailVerified whether a provider verified that address
 * @param displayName the name to greet them by
 * @param locale their language as the provider gave it (e.g. {@code de} or {@code en-GB}), if known
 */
public record Recipient(@Nullable String email, boolean emailVerified, @Nullable String displayName,
		@Nullable String locale) {
}
