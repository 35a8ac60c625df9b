package nexus.iam.kratos;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Ory Kratos web-hook ({@code POST /api/webhooks/kratos/registration}).
 *
 * @param webhookSecret the secret Kratos sends as {@code X-Webhook-Secret} (at least 32 characters);
 * without one the web-hook endpoint answers 404, as if it did not exist
 */
@ConfigurationProperties("nexus.kratos")
public record KratosProperties(@Nullable String webhookSecret) {

	/** Whether the web-hook is switched on. */
	public boolean webhookEnabled() {
		return this.webhookSecret != null && !this.webhookSecret.isBlank();
	}
}
