package nexus.iam.device;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A User-Agent read for people: the kind of device and, when recognised, the browser and the
 * operating system with their major version.
 *
 * @param type one of {@value #DESKTOP}, {@value #MOBILE}, {@value #TABLET}, {@value #BOT},
 * {@value #UNKNOWN} (see {@link UserAgents} for the rules)
 * @param browser family and major version, e.g. {@code Firefox 120}, {@code Mobile Safari 17}
 * @param os family and version, e.g. {@code Windows 10}, {@code iOS 17.1}, {@code Mac OS X 10.15}
 */
public record Device(String type, @Nullable String browser, @Nullable String os) {

	public static final String DESKTOP = "desktop";

	public static final String MOBILE = "mobile";

	public static final String TABLET = "tablet";

	public static final String BOT = "bot";

	public static final String UNKNOWN = "unknown";

	private static final Set<String> TYPES = Set.of(DESKTOP, MOBILE, TABLET, BOT, UNKNOWN);

	private static final Device NOTHING_KNOWN = new Device(UNKNOWN, null, null);

	public Device {
		if (!TYPES.contains(type)) {
			throw new IllegalArgumentException("Unknown device type " + type);
		}
	}

	/** No User-Agent, or one that names nothing. */
	public static Device unknown() {
		return NOTHING_KNOWN;
	}
}
