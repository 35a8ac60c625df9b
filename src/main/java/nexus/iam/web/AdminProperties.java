package nexus.iam.web;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The internal administration API ({@code /api/admin/**}).
 *
 * @param token the service token that callers present as {@code Authorization: Bearer} (a secret,
 * at least 32 characters); without one the administration API answers 401 to everybody
 */
@ConfigurationProperties("nexus.admin")
public record AdminProperties(@Nullable String token) {
}
