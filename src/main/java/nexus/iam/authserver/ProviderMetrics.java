package nexus.iam.authserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code oidc_token_issued_total{client,grant}}: token responses by client and grant type;
 * {@code oidc_authorization_granted_total{client}}: codes issued to browsers;
 * {@code oidc_refresh_token_reuse_total{client}}: rotated refresh tokens presented again. Client
 * ids are few (registered by administrators), so they make a bounded tag.
 */
@Component
final class ProviderMetrics {

	private final MeterRegistry registry;

	ProviderMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void tokenIssued(String clientId, String grant) {
		Counter.builder("oidc.token.issued").tag("client", clientId).tag("grant", grant).register(this.registry).increment();
	}

	void authorizationGranted(String clientId) {
		Counter.builder("oidc.authorization.granted").tag("client", clientId).register(this.registry).increment();
	}

	void refreshTokenReused(String clientId) {
		Counter.builder("oidc.refresh_token.reuse").tag("client", clientId).register(this.registry).increment();
	}
}
