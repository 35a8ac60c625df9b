package nexus.iam.kratos;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.SignedInUser;

/**
 * Creates the user of a registration Kratos reports: user, identity and audit event in one
 * transaction, and nothing at all when the same registration arrives again.
 */
@Service
class KratosRegistrations {

	private final IdentityService identities;

	private final AuditLog audit;

	KratosRegistrations(IdentityService identities, AuditLog audit) {
		this.identities = identities;
		this.audit = audit;
	}

	/**
	 * The user of the registered identity.
	 *
	 * @param userId the user
	 * @param created whether this delivery created it (a repeat answers {@code false})
	 */
	record Registered(UUID userId, boolean created) {
	}

	@Transactional
	Registered register(KratosRegistration registration) {
		SignedInUser user = this.identities.register(registration.toExternalIdentity());
		if (user.created()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("provider", KratosRegistration.PROVIDER);
			details.put("source", "kratos");
			details.put("kratos_identity_id", registration.identityId().toString());
			if (registration.method() != null) {
				details.put("method", registration.method());
			}
			// the request comes from Kratos, not from the user's browser: no address or User-Agent of theirs
			this.audit.record(new AuditEvent(AuditEventType.USER_CREATED, user.userId(), null, null, null, details));
		}
		return new Registered(user.userId(), user.created());
	}
}
