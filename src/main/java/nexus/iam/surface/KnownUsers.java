package nexus.iam.surface;

import java.util.Optional;
import java.util.UUID;

/**
 * The users a trusted proxy may name in its identity headers; implemented by the identity
 * feature, asked by the web layer's proxy-header authentication.
 */
public interface KnownUsers {

	/** Whether a user with this id exists. */
	boolean exists(UUID userId);

	/** The user whose verified e-mail address this is, if exactly one has it. */
	Optional<UUID> userByVerifiedEmail(String email);
}
