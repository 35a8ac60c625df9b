package nexus.iam.session;

import java.util.Optional;

/**
 * What the sessions list calls an application a session signed in to. Implemented where the
 * clients are known (package {@code backchannel}, from the client registry); without one, or for
 * a client that no longer exists, the list shows the client id.
 */
public interface ApplicationNames {

	/** The client's display name, if the client still exists. */
	Optional<String> displayName(String clientId);
}
