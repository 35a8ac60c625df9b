package nexus.iam.login;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.SignedInUser;
import nexus.iam.login.SignInOutcome.SignedIn;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.notification.SignInFacts;
import nexus.iam.problem.ErrorCode;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;
import nexus.iam.session.SessionService.StartedSession;

/**
 * Turns a validated external identity into a signed-in session: the user (created on first
 * sign-in), a session with its first token pair, and the audit trail, in one transaction. Only
 * {@link SignInCompletion} calls it, which decides first whether a session is due at all.
 */
@Service
class SignInService {

	private final IdentityService identities;

	private final SessionService sessions;

	private final AuditLog audit;

	private final MeterRegistry registry;

	private final SecurityNotifications notifications;

	private final Clock clock;

	SignInService(IdentityService identities, SessionService sessions, AuditLog audit, MeterRegistry registry,
			SecurityNotifications notifications, Clock clock) {
		this.registry = registry;
		this.notifications = notifications;
		this.clock = clock;
		this.identities = identities;
		this.sessions = sessions;
		this.audit = audit;
	}

	@Transactional
	SignedIn signIn(ExternalIdentity identity, SessionOrigin origin) {
		ClientContext client = origin.client();
		SignedInUser user = this.identities.signIn(identity);
		List<String> amr = List.of(identity.provider());
		StartedSession session = this.sessions.start(user.userId(), user.identityId(), identity.provider(), amr, origin);
		if (user.created()) {
			this.audit.record(new AuditEvent(AuditEventType.USER_CREATED, user.userId(), session.id(),
					client.ipAddress(), client.userAgent(), Map.of("provider", identity.provider())));
		}
		return signedIn(user.userId(), session, identity.provider(),
				Map.<String, Object>of("provider", identity.provider(), "identity_id", user.identityId().toString()), origin);
	}

	/** A method that proves a known user directly (a passkey): the same session, audit and e-mail. */
	@Transactional
	SignedIn signInVerifiedUser(UUID userId, String method, List<String> amr, Map<String, String> details,
			SessionOrigin origin) {
		StartedSession session = this.sessions.start(userId, null, method, amr, origin);
		Map<String, Object> audited = new LinkedHashMap<>(details);
		audited.put("provider", method);
		return signedIn(userId, session, method, audited, origin);
	}

	/** What every sign-in does once its session started: the audit event, the new-device e-mail, the count. */
	private SignedIn signedIn(UUID userId, StartedSession session, String method, Map<String, Object> details,
			SessionOrigin origin) {
		ClientContext client = origin.client();
		this.audit.record(new AuditEvent(AuditEventType.SIGN_IN, userId, session.id(), client.ipAddress(),
				client.userAgent(), details));
		if (session.unfamiliar()) {
			this.notifications.newDeviceSignIn(userId, new SignInFacts(origin.deviceType(), origin.browser(),
					origin.os(), client.ipAddress(), origin.location(), this.clock.instant(), method));
		}
		count(method, "success");
		return new SignedIn(userId, session.id(), session.tokens());
	}

	@Transactional
	void recordFailure(String provider, ErrorCode reason, ClientContext client) {
		this.audit.record(new AuditEvent(AuditEventType.SIGN_IN_FAILED, null, null, client.ipAddress(),
				client.userAgent(), Map.of("provider", provider, "reason", reason.code())));
		count(provider, "failure");
	}

	/** {@code auth_login_total{provider,status}}; providers are the configured ones, a bounded set. */
	private void count(String provider, String status) {
		Counter.builder("auth.login").tags("provider", provider, "status", status).register(this.registry).increment();
	}
}
