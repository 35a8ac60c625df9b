package nexus.iam.config;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** Hosts on this machine only, where plain http reaches no network: production allows http there. */
public final class LocalHosts {

	private LocalHosts() {
	}

	public static boolean isLocal(@Nullable URI uri) {
		return uri != null && isLocal(uri.getHost());
	}

	public static boolean isLocal(@Nullable String host) {
		if (host == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.") || name.equals("::1");
	}
}
