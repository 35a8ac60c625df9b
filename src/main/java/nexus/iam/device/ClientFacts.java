package nexus.iam.device;

import org.jspecify.annotations.Nullable;

/**
 * What a sign-in request tells about its client, as recorded on the session.
 *
 * @param ip the client address, after the trusted-proxy rules
 * @param userAgent the User-Agent header, at most {@value UserAgents#MAX_LENGTH} characters;
 * {@code null} when absent or blank
 * @param device the User-Agent read
 * @param location where the address is, possibly empty
 */
public record ClientFacts(@Nullable String ip, @Nullable String userAgent, Device device, Location location) {
}
