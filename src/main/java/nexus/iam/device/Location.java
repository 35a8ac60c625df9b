package nexus.iam.device;

import java.util.Locale;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

/**
 * Where a client address is, as far as a GeoIP database or the proxy in front can tell; all parts
 * may be missing.
 *
 * @param city the city's English name
 * @param region the first-level subdivision's English name (a state, a county, {@code England})
 * @param country ISO 3166-1 alpha-2 code, upper case
 */
public record Location(@Nullable String city, @Nullable String region, @Nullable String country) {

	private static final Location EMPTY = new Location(null, null, null);

	public Location {
		city = blankToNull(city);
		region = blankToNull(region);
		if (country != null) {
			String code = countryCode(country);
			if (code == null) {
				throw new IllegalArgumentException("Not an ISO 3166-1 alpha-2 code: " + country);
			}
			country = code;
		}
	}

	public static Location empty() {
		return EMPTY;
	}

	public boolean isEmpty() {
		return this.city == null && this.region == null && this.country == null;
	}

	/**
	 * For people: the city (else the region) and the country's English name, e.g.
	 * {@code Berlin, Germany}; an empty string when nothing is known.
	 */
	public String display() {
		StringJoiner joiner = new StringJoiner(", ");
		String place = (this.city != null) ? this.city : this.region;
		if (place != null) {
			joiner.add(place);
		}
		if (this.country != null) {
			String name = Locale.of("", this.country).getDisplayCountry(Locale.ENGLISH);
			joiner.add(name.isEmpty() ? this.country : name);
		}
		return joiner.toString();
	}

	/** Two ASCII letters, upper-cased; {@code null} for anything else. */
	static @Nullable String countryCode(@Nullable String value) {
		if (value == null || value.length() != 2 || !isAsciiLetter(value.charAt(0)) || !isAsciiLetter(value.charAt(1))) {
			return null;
		}
		return value.toUpperCase(Locale.ROOT);
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}
}
