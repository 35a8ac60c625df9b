package nexus.iam.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape limits of a request, enforced by Tomcat's connector (see {@link RequestDecodingConfiguration})
 * and answered as problem documents by {@link RequestDecodingFilter} or Tomcat's error report.
 * Every limit is far above what a client of this API sends.
 *
 * @param maxParameters query and form parameters together (repeats count); more get
 * {@code 400 invalid_request}
 * @param maxCookies cookies of one request; more get {@code 431 too_many_cookies}
 * @param maxHeaders header lines of one request; more get {@code 400 request_too_large_or_malformed}
 */
@ConfigurationProperties("nexus.web.request-limits")
public record RequestLimitsProperties(@DefaultValue("100") int maxParameters, @DefaultValue("100") int maxCookies,
		@DefaultValue("100") int maxHeaders) {

	public RequestLimitsProperties {
		if (maxParameters < 1 || maxCookies < 1 || maxHeaders < 1) {
			throw new IllegalArgumentException("nexus.web.request-limits.* must be positive");
		}
	}
}
