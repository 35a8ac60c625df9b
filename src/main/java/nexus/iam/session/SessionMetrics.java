package nexus.iam.session;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code auth_token_refresh_total{status}} (success, retried, or the refusal: invalid, expired,
 * revoked, reused, session_expired), {@code auth_token_revoked_total} and
 * {@code auth_session_revoked_total{reason}}.
 */
@Component
class SessionMetrics {

	private final MeterRegistry registry;

	SessionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void refreshed(RefreshOutcome outcome) {
		String status = switch (outcome) {
			case RefreshOutcome.Rotated rotated -> rotated.retried() ? "retried" : "success";
			case RefreshOutcome.Refused refused -> refused.reason().name().toLowerCase(Locale.ROOT);
		};
		Counter.builder("auth.token.refresh").tag("status", status).register(this.registry).increment();
	}

	/** {@code auth_token_revoked_total}: access tokens revoked one by one (RFC 7009). */
	void accessTokenRevoked() {
		Counter.builder("auth.token.revoked").register(this.registry).increment();
	}

	void sessionsRevoked(SessionEndReason reason, int count) {
		if (count > 0) {
			Counter.builder("auth.session.revoked")
				.tag("reason", reason.value())
				.register(this.registry)
				.increment(count);
		}
	}
}
