package nexus.iam.device;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The visitor location Cloudflare adds to requests it forwards: {@code CF-IPCountry} always, and
 * {@code CF-IPCity} and {@code CF-Region} with its "visitor location headers" managed transform.
 * Values are checked as untrusted input: a city or region without a known country is dropped;
 * {@code XX} (unknown) means nothing is known, and so does {@code T1} (Tor), which is not two letters.
 */
final class CloudflareHeaders {

	static final String COUNTRY = "CF-IPCountry";

	static final String CITY = "CF-IPCity";

	static final String REGION = "CF-Region";

	/** Longer than any real place name. */
	private static final int MAX_NAME_LENGTH = 100;

	private CloudflareHeaders() {
	}

	static Location location(HttpServletRequest request) {
		String country = country(request.getHeader(COUNTRY));
		if (country == null) {
			return Location.empty();
		}
		return new Location(name(request.getHeader(CITY)), name(request.getHeader(REGION)), country);
	}

	private static @Nullable String country(@Nullable String value) {
		String code = Location.countryCode((value != null) ? value.strip() : null);
		return "XX".equals(code) ? null : code;
	}

	/** Without control or format characters (no line breaks, no bidi overrides); {@code null} when too long. */
	private static @Nullable String name(@Nullable String value) {
		if (value == null) {
			return null;
		}
		StringBuilder name = new StringBuilder(value.length());
		utf8(value).codePoints()
			.filter((c) -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
			.forEach(name::appendCodePoint);
		String stripped = name.toString().strip();
		return (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) ? null : stripped;
	}

	// the servlet container reads header bytes as ISO-8859-1, so a UTF-8 "Zürich" arrives as
	// "ZÃ¼rich"; decoded again when that gives valid UTF-8, else kept as it came
	private static String utf8(String value) {
		if (value.chars().allMatch((c) -> c < 0x80) || value.chars().anyMatch((c) -> c > 0xff)) {
			return value;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return value;
		}
	}
}
