package nexus.iam.passkey;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.device.ClientFacts;
import nexus.iam.device.Location;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.notification.SignInFacts;
import nexus.iam.problem.ErrorCode;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;
import nexus.iam.session.SessionService.StartedSession;

/**
 * Starts the session of a verified passkey sign-in as every sign-in does: through
 * {@link SessionService} (device, place, session limit, first token pair), the {@code sign_in}
 * audit event, the new-device e-mail and {@code auth_login_total}. An adapter until the one
 * sign-in completion service exists; then this class becomes a call to it.
 */
@Component
class PasskeySessions {

	static final String PROVIDER = "passkey";

	private final SessionService sessions;

	private final AuditLog audit;

	private final SecurityNotifications notifications;

	private final MeterRegistry registry;

	private final Clock clock;

	PasskeySessions(SessionService sessions, AuditLog audit, SecurityNotifications notifications,
			MeterRegistry registry, Clock clock) {
		this.sessions = sessions;
		this.audit = audit;
		this.notifications = notifications;
		this.registry = registry;
		this.clock = clock;
		// the series exist from the start: "no passkey sign-ins yet" is a value
		counter("success");
		counter("failure");
	}

	StartedSession start(UUID userId, UUID passkeyId, List<String> amr, ClientFacts facts) {
		Location location = facts.location();
		SessionOrigin origin = new SessionOrigin(new ClientContext(facts.ip(), facts.userAgent()), facts.device().type(),
				facts.device().browser(), facts.device().os(), location.isEmpty() ? null : location.display(),
				location.country());
		StartedSession session = this.sessions.start(userId, null, PROVIDER, amr, origin);
		this.audit.record(new AuditEvent(AuditEventType.SIGN_IN, userId, session.id(), facts.ip(), facts.userAgent(),
				Map.of("provider", PROVIDER, "passkey_id", passkeyId.toString())));
		if (session.unfamiliar()) {
			this.notifications.newDeviceSignIn(userId, new SignInFacts(origin.deviceType(), origin.browser(), origin.os(),
					facts.ip(), origin.location(), this.clock.instant(), PROVIDER));
		}
		counter("success").increment();
		return session;
	}

	void recordFailure(ErrorCode reason, ClientFacts facts) {
		this.audit.record(new AuditEvent(AuditEventType.SIGN_IN_FAILED, null, null, facts.ip(), facts.userAgent(),
				Map.of("provider", PROVIDER, "reason", reason.code())));
		counter("failure").increment();
	}

	private Counter counter(String status) {
		return Counter.builder("auth.login").tags("provider", PROVIDER, "status", status).register(this.registry);
	}
}
