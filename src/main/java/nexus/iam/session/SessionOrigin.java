package nexus.iam.session;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where a sign-in came from, as recorded on its session and compared by "new device or place"
 * alerts. Browser and OS keep their versions for display; the comparison uses their families, so
 * that a browser update is not a new device.
 *
 * @param client the client address and User-Agent
 * @param deviceType desktop, mobile, tablet, bot or unknown
 * @param browser e.g. {@code Firefox 120}
 * @param os e.g. {@code Windows 10}
 * @param location e.g. {@code Berlin, Germany}
 * @param country ISO 3166-1 alpha-2 code
 */
public record SessionOrigin(ClientContext client, String deviceType, @Nullable String browser, @Nullable String os,
		@Nullable String location, @Nullable String country) {

	private static final Pattern TRAILING_VERSION = Pattern.compile("\\s+[0-9][0-9.]*$");

	@Nullable String browserFamily() {
		return family(this.browser);
	}

	@Nullable String osFamily() {
		return family(this.os);
	}

	static @Nullable String family(@Nullable String nameAndVersion) {
		return (nameAndVersion != null) ? TRAILING_VERSION.matcher(nameAndVersion).replaceFirst("") : null;
	}
}
