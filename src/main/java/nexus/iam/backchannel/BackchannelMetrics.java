package nexus.iam.backchannel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code oidc_backchannel_logout_total{client,outcome}}: back-channel logout attempts by client and
 * outcome ({@code delivered}, {@code retried}: failed and due again, {@code failed}: given up,
 * {@code skipped}: the client no longer has a back-channel logout URI). Clients are registered by
 * an administrator, so their ids are few.
 */
@Component
final class BackchannelMetrics {

	enum Outcome {

		DELIVERED, RETRIED, FAILED, SKIPPED;

		String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	private final MeterRegistry registry;

	BackchannelMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void attempted(String clientId, Outcome outcome) {
		Counter.builder("oidc.backchannel.logout")
			.description("Back-channel logout deliveries by client and outcome")
			.tag("client", clientId)
			.tag("outcome", outcome.value())
			.register(this.registry)
			.increment();
	}
}
