package nexus.iam.backchannel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionService;

/**
 * Ends the browser's session for an application's end-session request: as the user's own sign-out
 * (audited {@code sign_out}, back-channel logouts queued by the session's listeners) and, in the
 * same transaction, the {@code rp_initiated_logout} event that says which application asked.
 */
@Service
class RpInitiatedLogouts {

	private final SessionService sessions;

	private final AuditLog audit;

	RpInitiatedLogouts(SessionService sessions, AuditLog audit) {
		this.sessions = sessions;
		this.audit = audit;
	}

	/** @param confirmed whether the person confirmed on Nexus's page (else the hint named this session) */
	@Transactional
	public void end(UUID userId, UUID sessionId, @Nullable String clientId, boolean confirmed, ClientContext client) {
		if (!this.sessions.revokeOwn(userId, sessionId, sessionId, client)) {
			return; // ended meanwhile: nothing more to say
		}
		Map<String, Object> details = new LinkedHashMap<>();
		if (clientId != null) {
			details.put("client_id", clientId);
		}
		details.put("confirmed", confirmed);
		this.audit.record(new AuditEvent(AuditEventType.RP_INITIATED_LOGOUT, userId, sessionId, client.ipAddress(),
				client.userAgent(), details));
	}
}
