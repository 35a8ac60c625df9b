package nexus.iam.device;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.model.CityResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What the lookup is asked, and what happens when it fails. */
class GeoIpDatabaseTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1", "fd00::1",
			"fe80::1", "0.0.0.0", "224.0.0.1" })
	void locateWhenNotAPublicAddressThenTheDatabaseIsNotAsked(String address) throws IOException {
		List<InetAddress> asked = new ArrayList<>();
		CityResponse london = london();
		GeoIpDatabase database = new GeoIpDatabase((ip) -> {
			asked.add(ip);
			return Optional.of(london);
		}, () -> {
		});
		assertThat(database.locate(address)).isEqualTo(Location.empty());
		assertThat(asked).isEmpty();
		assertThat(database.locate("81.2.69.142").city()).isEqualTo("London");
		assertThat(asked).hasSize(1);
	}

	@Test
	void locateWhenLookupFailsThenEmptyNeverAnException() {
		assertThat(new GeoIpDatabase((ip) -> {
			throw new IOException("damaged");
		}, () -> {
		}).locate("81.2.69.142")).isEqualTo(Location.empty());
		assertThat(new GeoIpDatabase((ip) -> {
			throw new AddressNotFoundException("not there");
		}, () -> {
		}).locate("81.2.69.142")).isEqualTo(Location.empty());
		assertThat(new GeoIpDatabase((ip) -> {
			throw new UnsupportedOperationException("wrong method for the database type");
		}, () -> {
		}).locate("81.2.69.142")).isEqualTo(Location.empty());
	}

	@Test
	void locateWhenDatabaseFileDamagedThenEmpty() throws IOException {
		try (GeoIpDatabase database = GeoIpDatabase
			.open(LocationsTests.testDatabase("GeoIP2-City-Test-Broken-Double-Format.mmdb"))) {
			assertThat(database.locate("2001:220::1")).isEqualTo(Location.empty());
			assertThat(database.locate("81.2.69.142")).isEqualTo(Location.empty());
		}
	}

	@Test
	void openWhenNotACityDatabaseThenStartFailsNamingTheSetting() {
		assertThatIllegalStateException()
			.isThrownBy(() -> GeoIpDatabase.open(LocationsTests.testDatabase("GeoIP2-Country-Test.mmdb")))
			.withMessageContaining("NEXUS_GEOIP_DATABASE")
			.withMessageContaining("GeoIP2-Country");
	}

	private static CityResponse london() throws IOException {
		try (DatabaseReader reader = new DatabaseReader.Builder(
				LocationsTests.testDatabase("GeoIP2-City-Test.mmdb").toFile()).build()) {
			return reader.tryCity(InetAddress.getByName("81.2.69.142")).orElseThrow();
		}
		catch (com.maxmind.geoip2.exception.GeoIp2Exception ex) {
			throw new IllegalStateException(ex);
		}
	}
}
