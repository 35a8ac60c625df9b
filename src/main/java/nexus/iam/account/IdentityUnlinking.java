package nexus.iam.account;

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

/** Removes a sign-in method from the user's account, with the audit trail and the security e-mail. */
@Service
class IdentityUnlinking {

	private final IdentityService identities;

	private final AuditLog audit;

	private final SecurityNotifications notifications;

	IdentityUnlinking(IdentityService identities, AuditLog audit, SecurityNotifications notifications) {
		this.identities = identities;
		this.audit = audit;
		this.notifications = notifications;
	}

	/** @throws nexus.iam.problem.ProblemException {@code identity_not_found} or {@code last_identity} */
	@Transactional
	void unlink(UUID userId, UUID identityId, ClientContext client) {
		String provider = this.identities.unlink(userId, identityId);
		this.audit.record(new AuditEvent(AuditEventType.IDENTITY_UNLINKED, userId, null, client.ipAddress(),
				client.userAgent(), Map.of("provider", provider, "identity_id", identityId.toString())));
		this.notifications.identityUnlinked(userId, provider);
	}
}
