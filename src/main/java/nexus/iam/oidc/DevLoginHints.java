package nexus.iam.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Hands the e-mail address typed on the development sign-in page to the in-process provider.
 * Keyed by the flow's PKCE verifier, which only this service and the provider's token endpoint
 * ever see, so concurrent sign-ins never get each other's identity.
 */
final class DevLoginHints {

	private final Map<String, Entry> hints = new ConcurrentHashMap<>();

	private final Duration lifetime;

	private final Clock clock;

	DevLoginHints(Duration lifetime, Clock clock) {
		this.lifetime = lifetime;
		this.clock = clock;
	}

	void put(String codeVerifier, String email) {
		Instant now = this.clock.instant();
		this.hints.values().removeIf((entry) -> entry.expiresAt().isBefore(now));
		this.hints.put(codeVerifier, new Entry(email, now.plus(this.lifetime)));
	}

	@Nullable String get(String codeVerifier) {
		Entry entry = this.hints.get(codeVerifier);
		return (entry != null && entry.expiresAt().isAfter(this.clock.instant())) ? entry.email() : null;
	}

	private record Entry(String email, Instant expiresAt) {
	}
}
