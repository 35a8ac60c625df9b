package nexus.iam.observability;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the console log format before logging starts: {@code nexus.log.format} = {@code json}
 * (the default in production mode) writes {@link JsonLogFormatter} lines, {@code text} (the
 * default in development) Spring Boot's readable lines.
 */
public final class LogFormatSelector implements EnvironmentPostProcessor {

	static final String FORMAT = "nexus.log.format";

	/**
	 * Spring Boot's console pattern, less what is empty on most lines: the trace and span ids only
	 * when there is a trace, and the key-value pairs (the access line's method, path and status)
	 * only when there are some.
	 */
	static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p [%15.15t] %-40.40logger{39} : %m"
			+ "%replace( %kvp{NONE}){'^ $', ''}%replace( [trace %X{traceId}]){' \\[trace \\]', ''}%n%wEx";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String mode = environment.getProperty("nexus.mode", "development").toLowerCase(Locale.ROOT);
		String format = environment.getProperty(FORMAT, "production".equals(mode) ? "json" : "text")
			.toLowerCase(Locale.ROOT);
		switch (format) {
			case "json" -> environment.getPropertySources()
				.addLast(new MapPropertySource("nexusLogFormat",
						Map.of("logging.structured.format.console", JsonLogFormatter.class.getName())));
			case "text" -> environment.getPropertySources()
				.addLast(new MapPropertySource("nexusLogFormat", Map.of("logging.pattern.console", TEXT_PATTERN)));
			default -> throw new IllegalArgumentException(
					"nexus.log.format (NEXUS_LOG_FORMAT) must be json or text, got " + format);
		}
	}
}
