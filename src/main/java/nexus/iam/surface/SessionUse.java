package nexus.iam.surface;

import java.util.UUID;

/** Told of every request that an access token authenticated; implemented by the session feature. */
@FunctionalInterface
public interface SessionUse {

	/** Notes that the session was used now. Called on every authenticated request: must be cheap. */
	void touch(UUID sessionId);
}
