package nexus.iam.identity;

import org.jspecify.annotations.Nullable;

/**
 * An identity a provider has vouched for (a validated ID token).
 *
 * @param provider the provider's name in this service, e.g. {@code google}
 * @param subject the provider's stable identifier of the user ({@code sub})
 * @param email the e-mail address the provider gave, if any
 * @param emailVerified whether the provider says it verified that address
 * @param displayName the user's name as the provider gave it
 * @param locale the user's language, if the provider says
 */
public record ExternalIdentity(String provider, String subject, @Nullable String email, boolean emailVerified,
		@Nullable String displayName, @Nullable String locale) {
}
