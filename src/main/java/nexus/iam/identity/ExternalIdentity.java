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
 * @param privateEmail whether the address is a relay the provider made for this service alone
 * (Sign in with Apple's "Hide My Email"): it proves nothing about any other account
 */
public record ExternalIdentity(String provider, String subject, @Nullable String email, boolean emailVerified,
		@Nullable String displayName, @Nullable String locale, boolean privateEmail) {

	public ExternalIdentity(String provider, String subject, @Nullable String email, boolean emailVerified,
			@Nullable String displayName, @Nullable String locale) {
		this(provider, subject, email, emailVerified, displayName, locale, false);
	}

	/** An address that can stand for a person across providers: verified, and not a relay. */
	public boolean hasVerifiedPersonalEmail() {
		return this.email != null && this.emailVerified && !this.privateEmail;
	}
}
