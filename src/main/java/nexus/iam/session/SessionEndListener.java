package nexus.iam.session;

/**
 * Told of every Nexus session that ends by an action: a sign-out, a remote sign-out, signing out
 * everywhere, an RFC 7009 revocation, a reused refresh token, an administrator's revoke-all, the
 * session limit, an unlinked sign-in method. Called inside the transaction that ends the sessions,
 * after they are marked ended, so what a listener writes commits or rolls back with the end
 * itself; a listener that throws makes the end fail. Not called for a session that merely runs
 * out (its end is a time, not an event) nor for the sessions a restore epoch ends (SQL only, run
 * before the service starts).
 *
 * <p>Beans of this type are found by {@link SessionService}; keep them quick (write an outbox row,
 * never call out over the network).
 */
public interface SessionEndListener {

	void sessionsEnded(EndedSessions ended);
}
