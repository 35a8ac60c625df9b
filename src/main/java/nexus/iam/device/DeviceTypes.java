package nexus.iam.device;

import java.util.Set;

import ua_parser.Client;

/**
 * The kind of device behind a parsed User-Agent. uap-core names devices (often a model number) but
 * not their kind, so the kind is derived, first rule that matches:
 * <ol>
 * <li>{@code bot}: uap's device family {@code Spider} (its crawler rules: Googlebot, Bingbot, previews…)
 * <li>{@code tablet}: device family {@code iPad}, {@code Kindle…} or {@code Generic Tablet}; OS
 * {@code BlackBerry Tablet OS}; or OS Android without the {@code Mobile} token, which Android
 * browsers send on phones only
 * <li>{@code mobile}: device family {@code iPhone}, {@code iPod}, {@code Generic Smartphone} or
 * {@code Generic Feature Phone}; OS iOS, Android, Windows Phone, Windows Mobile, BlackBerry OS,
 * KaiOS, Firefox OS, Symbian, Nokia Series 30/40 or Brew MP
 * <li>{@code desktop}: OS Windows, Mac OS X, Chrome OS, Linux and its distributions, the BSDs, Solaris
 * <li>{@code mobile} again for any other User-Agent with a {@code Mobile} token (Tizen and Sailfish
 * phones), else {@code unknown} (TVs, consoles, HTTP libraries)
 * </ol>
 * Device rules come before OS rules because some browsers (Puffin) report the OS of their servers.
 * An iPad on iPadOS 13 or later asks for desktop sites with a Mac User-Agent and is counted as
 * desktop: nothing in the header tells them apart.
 */
final class DeviceTypes {

	private static final Set<String> DESKTOP_SYSTEMS = Set.of("Windows", "Mac OS X", "Mac OS", "Chrome OS", "Linux",
			"Ubuntu", "Kubuntu", "Lubuntu", "Linux Mint", "Debian", "Fedora", "Red Hat", "CentOS", "Gentoo",
			"Arch Linux", "Slackware", "openSUSE", "SUSE", "Mageia", "PCLinuxOS", "Mandriva", "Puppy", "FreeBSD",
			"OpenBSD", "NetBSD", "Solaris");

	private static final Set<String> MOBILE_DEVICES = Set.of("iPhone", "iPod", "Generic Smartphone",
			"Generic Feature Phone");

	private static final Set<String> MOBILE_SYSTEMS = Set.of("iOS", "Android", "Windows Phone", "Windows Mobile",
			"BlackBerry OS", "KaiOS", "Firefox OS", "Symbian OS", "Symbian^3", "Symbian^3 Anna", "Symbian^3 Belle",
			"Nokia Series 40", "Nokia Series 30 Plus", "Brew MP");

	private DeviceTypes() {
	}

	static String of(String userAgent, Client client) {
		String device = client.device.family;
		String os = client.os.family;
		if ("Spider".equals(device)) {
			return Device.BOT;
		}
		if (isTablet(userAgent, device, os)) {
			return Device.TABLET;
		}
		if (MOBILE_DEVICES.contains(device) || MOBILE_SYSTEMS.contains(os)) {
			return Device.MOBILE;
		}
		if (DESKTOP_SYSTEMS.contains(os)) {
			return Device.DESKTOP;
		}
		return userAgent.contains("Mobile") ? Device.MOBILE : Device.UNKNOWN;
	}

	private static boolean isTablet(String userAgent, String device, String os) {
		return "iPad".equals(device) || device.startsWith("Kindle") || "Generic Tablet".equals(device)
				|| "BlackBerry Tablet OS".equals(os) || ("Android".equals(os) && !userAgent.contains("Mobile"));
	}
}
