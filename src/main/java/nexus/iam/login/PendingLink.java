package nexus.iam.login;

import java.util.UUID;

import nexus.iam.identity.ExternalIdentity;

/**
 * The merge flow's promise: once this browser signs in to {@code accountId} with one of its own
 * methods, {@code identity} is added to it. Carried between the two sign-ins in a sealed cookie
 * ({@link PendingLinkCookie}).
 */
public record PendingLink(UUID accountId, ExternalIdentity identity) {
}
