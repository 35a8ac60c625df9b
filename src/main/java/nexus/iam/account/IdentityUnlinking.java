package nexus.iam.account;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.identity.IdentityService;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionService;

/**
 * Removes a sign-in method from the user's account and ends the sessions it signed in, with the
 * audit trail and the security e-mail. A user who removes a method (say, because that provider
 * account was taken over) expects whoever signed in with it to be out, on every node at once.
 */
@Service
class IdentityUnlinking {

	private final IdentityService identities;

	private final SessionService sessions;

	private final AuditLog audit;

	private final SecurityNotifications notifications;

	IdentityUnlinking(IdentityService identities, SessionService sessions, AuditLog audit,
			SecurityNotifications notifications) {
		this.identities = identities;
		this.sessions = sessions;
		this.audit = audit;
		this.notifications = notifications;
	}

	/**
	 * Unlinks the identity and ends its sessions, the caller's own included when it was signed in
	 * with it: that session's proof is the very method just removed.
	 * @throws nexus.iam.problem.ProblemException {@code identity_not_found} or {@code last_identity}
	 */
	@Transactional
	Unlinked unlink(UUID userId, UUID identityId, UUID currentSessionId, ClientContext client) {
		// the identity goes first: a sign-in with it has either recorded its session already (found
		// below) or waits on the deleted row and then finds no such identity (IdentityService.signIn)
		String provider = this.identities.unlink(userId, identityId);
		List<UUID> ended = this.sessions.revokeSignedInWith(userId, identityId, provider, client);
		this.audit.record(new AuditEvent(AuditEventType.IDENTITY_UNLINKED, userId, null, client.ipAddress(),
				client.userAgent(), Map.of("provider", provider, "identity_id", identityId.toString(),
						"sessions_revoked", ended.size())));
		this.notifications.identityUnlinked(userId, provider);
		return new Unlinked(ended.size(), ended.contains(currentSessionId));
	}

	/**
	 * What an unlink did besides removing the method.
	 *
	 * @param revokedSessions how many live sessions signed in with it ended
	 * @param currentSessionRevoked whether the caller's own session was one of them
	 */
	record Unlinked(int revokedSessions, boolean currentSessionRevoked) {
	}
}
