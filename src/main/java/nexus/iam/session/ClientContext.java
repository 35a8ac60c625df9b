package nexus.iam.session;

import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, as far as this service can tell.
 *
 * @param ipAddress the client address
 * @param userAgent the User-Agent header
 */
public record ClientContext(@Nullable String ipAddress, @Nullable String userAgent) {
}
