package nexus.iam.session;

/**
 * An application a session signed in to, as the sessions list shows it.
 *
 * @param clientId the client id
 * @param name its display name, or the client id when it has none (or no longer exists)
 */
public record SignedInApplication(String clientId, String name) {
}
