package nexus.iam.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An access token whose signature and claims were checked: the principal of an authenticated
 * request.
 *
 * @param userId the {@code sub}
 * @param sessionId the {@code sid}
 * @param jti the token's id
 * @param amr how the user authenticated (the provider, later {@code otp})
 * @param issuedAt the {@code iat}
 * @param expiresAt the {@code exp}
 */
public record VerifiedAccessToken(UUID userId, UUID sessionId, String jti, List<String> amr, Instant issuedAt,
		Instant expiresAt) {
}
