package nexus.iam.login;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.IdentityService.LinkResult;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;

/** Adds identities to accounts, with the audit trail and the security e-mail, in one transaction. */
@Service
class AccountLinking {

	private final IdentityService identities;

	private final AuditLog audit;

	private final SecurityNotifications notifications;

	AccountLinking(IdentityService identities, AuditLog audit, SecurityNotifications notifications) {
		this.identities = identities;
		this.audit = audit;
		this.notifications = notifications;
	}

	/**
	 * Links the identity to the user; refused (nothing changed, the refusal audited) when it belongs
	 * to someone else.
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	void link(UUID userId, ExternalIdentity identity, ClientContext client) {
		LinkResult result = this.identities.link(userId, identity);
		if (result == LinkResult.OWNED_BY_ANOTHER) {
			this.audit.record(new AuditEvent(AuditEventType.IDENTITY_LINK_REFUSED, userId, null, client.ipAddress(),
					client.userAgent(),
					Map.of("provider", identity.provider(), "reason", ErrorCode.IDENTITY_ALREADY_LINKED.code())));
			throw new ProblemException(ErrorCode.IDENTITY_ALREADY_LINKED);
		}
		if (result == LinkResult.LINKED) {
			this.audit.record(new AuditEvent(AuditEventType.IDENTITY_LINKED, userId, null, client.ipAddress(),
					client.userAgent(), Map.of("provider", identity.provider())));
			this.notifications.identityLinked(userId, identity.provider());
		}
	}

	/** The merge flow began: the account holder is asked to prove ownership first. */
	@Transactional
	void offered(UUID accountId, ExternalIdentity identity, ClientContext client) {
		this.audit.record(new AuditEvent(AuditEventType.ACCOUNT_LINK_REQUIRED, accountId, null, client.ipAddress(),
				client.userAgent(), Map.of("provider", identity.provider())));
	}
}
