package nexus.iam.device;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where client locations come from.
 *
 * @param database a MaxMind GeoIP2 or GeoLite2 City database ({@code .mmdb}); when set, it is the
 * only source, and a missing or unreadable file stops the start
 * @param cloudflareHeaders whether to believe Cloudflare's {@code CF-IPCountry}, {@code CF-IPCity}
 * and {@code CF-Region} on requests from a trusted proxy, when no database is set; only for a
 * deployment behind Cloudflare, which overwrites them, since any other proxy passes on whatever
 * the client wrote
 */
@ConfigurationProperties("nexus.geoip")
public record GeoIpProperties(@Nullable Path database, @DefaultValue("false") boolean cloudflareHeaders) {
}
