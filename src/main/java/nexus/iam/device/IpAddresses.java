package nexus.iam.device;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/** Literal IP addresses, read without ever asking DNS. */
final class IpAddresses {

	private IpAddresses() {
	}

	/** The address, or {@code null} when the value is not a literal IPv4 or IPv6 address. */
	static @Nullable InetAddress parse(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		return (value.indexOf(':') >= 0) ? ipv6(value) : ipv4(value);
	}

	/** Whether a GeoIP database can know the address: not loopback, private, link-local or multicast. */
	static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			return (bytes[0] & 0xfe) != 0xfc; // fc00::/7, unique local
		}
		return !(bytes[0] == 100 && (bytes[1] & 0xc0) == 64); // 100.64.0.0/10, carrier-grade NAT
	}

	// InetAddress.getByName would resolve anything it cannot read as a literal, so IPv4 is read here
	private static @Nullable InetAddress ipv4(String value) {
		String[] parts = value.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			String part = parts[i];
			// no leading zeros: some readers take them for octal
			if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
					|| !part.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return null;
			}
			int octet = Integer.parseInt(part);
			if (octet > 255) {
				return null;
			}
			bytes[i] = (byte) octet;
		}
		return byAddress(bytes);
	}

	private static @Nullable InetAddress ipv6(String value) {
		if (!isIpv6Candidate(value)) {
			return null;
		}
		try {
			return InetAddress.getByName(value);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * Hex digits, colons and dots (an IPv4-mapped tail), starting with a hex digit or a colon: what the
	 * JDK reads as an IPv6 literal or refuses, and never hands to DNS.
	 */
	static boolean isIpv6Candidate(String value) {
		return !value.isEmpty() && value.indexOf(':') >= 0 && value.charAt(0) != '.'
				&& value.chars().allMatch(IpAddresses::isIpv6Char);
	}

	private static boolean isIpv6Char(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
	}

	private static @Nullable InetAddress byAddress(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null; // only for a wrong length
		}
	}
}
