package nexus.iam.device;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** Locations from the MaxMind test databases and from Cloudflare's headers (see testdata/geoip/README.md). */
class LocationsTests {

	private static final Map<String, Locations> databases = Map.of("GeoIP2-City-Test.mmdb",
			withDatabase("GeoIP2-City-Test.mmdb"), "GeoLite2-City-Test.mmdb", withDatabase("GeoLite2-City-Test.mmdb"));

	@AfterAll
	static void close() {
		databases.values().forEach(Locations::close);
	}

	@ParameterizedTest
	@MethodSource("expectedLookups")
	void locateWhenDatabaseThenAsTheExpectedLookup(String database, JsonNode lookup) {
		Location location = databases.get(database).locate(request(lookup.get("ip").asString()));
		if (!lookup.get("found").asBoolean()) {
			assertThat(location.isEmpty()).isTrue();
			return;
		}
		assertThat(location.country()).isEqualTo(lookup.get("country_iso_code").asString());
		assertThat(location.city()).isEqualTo(textOrNull(lookup.get("city_name_en")));
		// the file lists subdivision codes only: a region exactly when there is a subdivision
		assertThat(location.region() != null).isEqualTo(!lookup.get("subdivision_iso_codes").isEmpty());
	}

	@Test
	void locateWhenDatabaseThenRegionIsTheFirstLevelSubdivisionInEnglish() {
		Locations locations = databases.get("GeoIP2-City-Test.mmdb");
		// names from the database's source JSON (MaxMind-DB source-data/GeoIP2-City-Test.json)
		assertThat(locations.locateAddress("81.2.69.142")).isEqualTo(new Location("London", "England", "GB"));
		assertThat(locations.locateAddress("216.160.83.56")).isEqualTo(new Location("Milton", "Washington", "US"));
		assertThat(locations.locateAddress("2.125.160.216")).isEqualTo(new Location("Boxford", "England", "GB"));
		assertThat(locations.locateAddress("89.160.20.112"))
			.isEqualTo(new Location("Linköping", "Östergötland County", "SE"));
		assertThat(locations.locateAddress("67.43.156.1")).isEqualTo(new Location(null, null, "BT"));
		assertThat(locations.locateAddress("81.2.69.142").display()).isEqualTo("London, United Kingdom");
	}

	@Test
	void locateWhenAddressInTheFormsAContainerGivesThenSameAnswer() {
		Locations locations = databases.get("GeoIP2-City-Test.mmdb");
		assertThat(locations.locateAddress("2001:480:10:0:0:0:0:1").city()).isEqualTo("San Diego");
		assertThat(locations.locateAddress("::ffff:81.2.69.142").city()).isEqualTo("London");
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "10.0.0.1", "192.168.1.1", "fd00::1", "169.254.0.1" })
	void locateWhenLoopbackOrPrivateThenEmpty(String address) {
		assertThat(databases.get("GeoIP2-City-Test.mmdb").locate(request(address))).isEqualTo(Location.empty());
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "unknown", "81.2.69.142, 10.0.0.1", "81.2.69.1420", "<script>", "81.2.69.142:443",
			"[2001:480:10::1]" })
	void locateWhenNotAnAddressThenEmpty(String address) {
		assertThat(databases.get("GeoIP2-City-Test.mmdb").locateAddress(address)).isEqualTo(Location.empty());
	}

	@Test
	void locateWhenNoSourceConfiguredThenEmpty() {
		Locations locations = new Locations(new GeoIpProperties(null, false));
		assertThat(locations.locate(request("81.2.69.142"))).isEqualTo(Location.empty());
		assertThat(locations.locateAddress("81.2.69.142")).isEqualTo(Location.empty());
	}

	@Test
	void openWhenDatabaseFileMissingThenStartFailsNamingTheSetting(@TempDir Path dir) {
		assertThatIllegalStateException()
			.isThrownBy(() -> new Locations(new GeoIpProperties(dir.resolve("GeoLite2-City.mmdb"), false)))
			.withMessageContaining("NEXUS_GEOIP_DATABASE")
			.withMessageContaining("missing or unreadable");
	}

	@Test
	void openWhenDatabaseIsADirectoryThenStartFailsNamingTheSetting(@TempDir Path dir) {
		assertThatIllegalStateException().isThrownBy(() -> new Locations(new GeoIpProperties(dir, false)))
			.withMessageContaining("NEXUS_GEOIP_DATABASE")
			.withMessageContaining("missing or unreadable");
	}

	@Test
	void openWhenFileIsNotAMaxMindDatabaseThenStartFailsNamingTheSetting(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("GeoLite2-City.mmdb"), "not a database");
		assertThatIllegalStateException().isThrownBy(() -> new Locations(new GeoIpProperties(file, false)))
			.withMessageContaining("NEXUS_GEOIP_DATABASE")
			.withMessageContaining("not a MaxMind database");
	}

	/** Cloudflare's headers, believed only when turned on, without a database, from a trusted proxy. */
	@Nested
	class Cloudflare {

		private final Locations locations = new Locations(new GeoIpProperties(null, true));

		@Test
		void locateWhenTrustedProxyThenCloudflareHeaders() {
			MockHttpServletRequest request = cloudflare("DE", "Berlin");
			request.addHeader("CF-Region", "Land Berlin");
			assertThat(this.locations.locate(request)).isEqualTo(new Location("Berlin", "Land Berlin", "DE"));
			assertThat(this.locations.locate(request).display()).isEqualTo("Berlin, Germany");
		}

		@Test
		void locateWhenNotFromATrustedProxyThenHeadersIgnored() {
			MockHttpServletRequest request = cloudflare("DE", "Berlin");
			request.removeAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE);
			assertThat(this.locations.locate(request)).isEqualTo(Location.empty());
			request.setAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE, "true"); // only Boolean.TRUE counts
			assertThat(this.locations.locate(request)).isEqualTo(Location.empty());
		}

		@Test
		void locateWhenCloudflareHeadersNotTurnedOnThenIgnored() {
			Locations off = new Locations(new GeoIpProperties(null, false));
			assertThat(off.locate(cloudflare("DE", "Berlin"))).isEqualTo(Location.empty());
		}

		@ParameterizedTest
		@ValueSource(strings = { "XX", "T1", "t1", "", "D", "DEU", "D1", "1A", "É", "<s", "DE,FR" })
		void locateWhenCountryUnknownTorOrMalformedThenEmpty(String country) {
			assertThat(this.locations.locate(cloudflare(country, "Berlin"))).isEqualTo(Location.empty());
		}

		@Test
		void locateWhenNoCountryHeaderThenEmpty() {
			MockHttpServletRequest request = cloudflare("DE", "Berlin");
			request.removeHeader("CF-IPCountry");
			assertThat(this.locations.locate(request)).isEqualTo(Location.empty());
		}

		@Test
		void locateWhenCountryLowerCaseOrPaddedThenNormalised() {
			assertThat(this.locations.locate(cloudflare(" de ", null))).isEqualTo(new Location(null, null, "DE"));
		}

		@Test
		void locateWhenCityHasControlOrFormatCharactersThenStripped() {
			assertThat(this.locations.locate(cloudflare("DE", "Ber\u0000lin\u007f\u202e\t")).city()).isEqualTo("Berlin");
			assertThat(this.locations.locate(cloudflare("DE", "\u0001\u0002")).city()).isNull();
		}

		@Test
		void locateWhenCityTooLongThenOnlyTheCountry() {
			assertThat(this.locations.locate(cloudflare("DE", "B".repeat(101)))).isEqualTo(new Location(null, null, "DE"));
			assertThat(this.locations.locate(cloudflare("DE", "B".repeat(100))).city()).hasSize(100);
		}

		@Test
		void locateWhenCityArrivesAsUtf8BytesThenDecoded() {
			// what a container that reads header bytes as ISO-8859-1 makes of UTF-8 "Zürich"
			assertThat(this.locations.locate(cloudflare("CH", "Z\u00c3\u00bcrich")).city()).isEqualTo("Zürich");
			// valid ISO-8859-1 that is not UTF-8 stays as it is, and so does text a container already decoded
			assertThat(this.locations.locate(cloudflare("CH", "Z\u00fcrich")).city()).isEqualTo("Zürich");
			assertThat(this.locations.locate(cloudflare("JP", "東京 Ã¼")).city()).isEqualTo("東京 Ã¼");
		}

		@Test
		void locateWhenDatabaseConfiguredThenItTakesPrecedence() {
			Locations both = new Locations(new GeoIpProperties(testDatabase("GeoIP2-City-Test.mmdb"), true));
			try {
				MockHttpServletRequest request = cloudflare("DE", "Berlin");
				request.setRemoteAddr("81.2.69.142");
				assertThat(both.locate(request)).isEqualTo(new Location("London", "England", "GB"));
				// and the sources are not mixed: what the database does not know stays unknown
				request.setRemoteAddr("1.1.1.1");
				assertThat(both.locate(request)).isEqualTo(Location.empty());
			}
			finally {
				both.close();
			}
		}

		private static MockHttpServletRequest cloudflare(String country, String city) {
			MockHttpServletRequest request = request("203.0.113.9");
			request.setAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE, Boolean.TRUE);
			request.addHeader("CF-IPCountry", country);
			if (city != null) {
				request.addHeader("CF-IPCity", city);
			}
			return request;
		}
	}

	static Stream<Arguments> expectedLookups() throws IOException {
		try (InputStream in = LocationsTests.class.getResourceAsStream("/testdata/geoip/expected-lookups.json")) {
			JsonNode databasesNode = JsonMapper.builder().build().readTree(in).get("databases");
			List<Arguments> lookups = new ArrayList<>();
			for (String database : databasesNode.propertyNames()) {
				for (JsonNode lookup : databasesNode.get(database).get("lookups")) {
					lookups.add(argumentSet(database + " " + lookup.get("ip").asString(), database, lookup));
				}
			}
			assertThat(lookups).hasSize(38);
			return lookups.stream();
		}
	}

	private static MockHttpServletRequest request(String remoteAddress) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(remoteAddress);
		return request;
	}

	private static String textOrNull(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

	private static Locations withDatabase(String name) {
		return new Locations(new GeoIpProperties(testDatabase(name), false));
	}

	static Path testDatabase(String name) {
		try {
			return Path.of(LocationsTests.class.getResource("/testdata/geoip/" + name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
