package nexus.iam.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTP hardening.
 *
 * @param trustedProxies CIDRs of the reverse proxies whose {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} are believed; from any other peer those
 * headers are ignored
 * @param corsAllowedOrigins origins that may call the API from a browser with credentials; the
 * public URL's own origin is always allowed
 * @param corsMaxAge how long browsers may cache a preflight answer
 * @param xssProtection the {@code X-XSS-Protection} value: {@code 0} (the current guidance, see
 * docs/security.md) or {@code 1; mode=block}
 * @param maxRequestBody the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("nexus.web")
public record WebProperties(@DefaultValue List<String> trustedProxies, @DefaultValue List<URI> corsAllowedOrigins,
		@DefaultValue("1h") Duration corsMaxAge, @DefaultValue("0") String xssProtection,
		@DefaultValue("16KB") DataSize maxRequestBody) {

	public WebProperties {
		if (!"0".equals(xssProtection) && !"1; mode=block".equals(xssProtection)) {
			throw new IllegalArgumentException("nexus.web.xss-protection must be 0 or '1; mode=block'");
		}
	}
}
