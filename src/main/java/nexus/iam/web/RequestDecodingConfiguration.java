package nexus.iam.web;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat does the decoding of the whole HTTP surface, strictly: UTF-8 for the path, the query and
 * forms, malformed percent-encoding and invalid or overlong UTF-8 as errors (never replaced or
 * skipped), and the shape limits of {@link RequestLimitsProperties}. {@link RequestDecodingFilter}
 * turns its verdicts into problem documents.
 */
@Configuration(proxyBeanMethods = false)
class RequestDecodingConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestLimits(RequestLimitsProperties limits) {
		return (factory) -> {
			factory.setUriEncoding(StandardCharsets.UTF_8);
			factory.addConnectorCustomizers((connector) -> {
				connector.setMaxParameterCount(limits.maxParameters());
				connector.setMaxCookieCount(limits.maxCookies());
				connector.setProperty("maxHeaderCount", Integer.toString(limits.maxHeaders()));
			});
		};
	}
}
