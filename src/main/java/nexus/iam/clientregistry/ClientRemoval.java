package nexus.iam.clientregistry;

/**
 * Told when a registered client is deleted (RFC 7592), inside the deleting transaction: the
 * authorization server removes the client's authorizations and tokens with it. Any number of
 * beans; none is needed.
 */
@FunctionalInterface
public interface ClientRemoval {

	void removed(String clientId);
}
