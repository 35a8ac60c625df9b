package nexus.iam.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A user and their linked identities, as shown to that user.
 *
 * @param id the user id
 * @param email the primary e-mail address
 * @param emailVerified whether a provider verified it
 * @param name display name
 * @param createdAt when the account was created
 * @param identities the linked identities
 */
public record UserProfile(UUID id, @Nullable String email, boolean emailVerified, @Nullable String name,
		Instant createdAt, List<LinkedIdentity> identities) {

	/**
	 * One linked identity.
	 *
	 * @param id the identity id
	 * @param provider the provider
	 * @param email the address this provider gave
	 * @param emailVerified whether the provider verified it
	 * @param linkedAt when it was linked
	 * @param lastSignInAt when it was last used to sign in
	 */
	public record LinkedIdentity(UUID id, String provider, @Nullable String email, boolean emailVerified,
			Instant linkedAt, @Nullable Instant lastSignInAt) {
	}
}
