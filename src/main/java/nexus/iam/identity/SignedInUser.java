package nexus.iam.identity;

import java.util.UUID;

/**
 * The account an external identity signed in to.
 *
 * @param userId the user
 * @param identityId the identity row used
 * @param created whether this sign-in created the user
 */
public record SignedInUser(UUID userId, UUID identityId, boolean created) {
}
