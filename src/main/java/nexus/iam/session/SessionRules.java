package nexus.iam.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import nexus.iam.audit.AuditEventType;
import nexus.iam.session.SessionRepository.Familiarity;

/** The decisions of starting and ending sessions, apart from their SQL: see {@link SessionService}. */
final class SessionRules {

	private SessionRules() {
	}

	/**
	 * Whether a new session comes from a kind of device or a country that the user's sessions on
	 * record have not; a user's first session is never unfamiliar (there is nothing to compare).
	 */
	static boolean unfamiliar(Familiarity familiarity) {
		return familiarity.hasHistory() && (!familiarity.knownDevice() || !familiarity.knownCountry());
	}

	/** A refresh token lives its lifetime, but never past the end of its session. */
	static Instant refreshTokenExpiry(Instant now, Duration refreshLifetime, Instant sessionExpiresAt) {
		Instant own = now.plus(refreshLifetime);
		return own.isBefore(sessionExpiresAt) ? own : sessionExpiresAt;
	}

	/** A user ending one of their own sessions signs out of it, or out of it remotely from another. */
	static SessionEndReason endingOwn(UUID ended, UUID current) {
		return ended.equals(current) ? SessionEndReason.SIGN_OUT : SessionEndReason.REMOTE_SIGN_OUT;
	}

	/** The audit event of one ended session: a sign-out is audited as such, everything else as a revocation. */
	static AuditEventType auditedAs(SessionEndReason reason) {
		return (reason == SessionEndReason.SIGN_OUT) ? AuditEventType.SIGN_OUT : AuditEventType.SESSION_REVOKED;
	}
}
