package nexus.iam.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times as the page shows them: UTC to the minute, the exact instant in {@code <time datetime>}. */
final class Times {

	private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Times() {
	}

	static String shown(Instant instant) {
		return SHOWN.format(instant);
	}

	static String machine(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}
}
