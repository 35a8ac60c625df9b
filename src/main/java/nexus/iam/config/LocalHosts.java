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
		return name.equals("localhost") || name.endsWith(".localhost") || isLoopbackV4(name) || name.equals("::1");
	}

	/** 127.0.0.0/8 written as an address: a name such as {@code 127.evil.example} is on the network. */
	private static boolean isLoopbackV4(String name) {
		String[] parts = name.split("\\.", -1);
		if (parts.length != 4 || !parts[0].equals("127")) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch((c) -> c >= '0' && c <= '9')
					|| Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}
}
