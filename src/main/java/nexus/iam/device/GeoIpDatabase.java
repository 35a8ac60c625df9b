package nexus.iam.device;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.NamedRecord;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A MaxMind City database, opened once and read from memory-mapped pages by every request. */
final class GeoIpDatabase implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(GeoIpDatabase.class);

	static final String SETTING = "NEXUS_GEOIP_DATABASE (nexus.geoip.database)";

	private final CityLookup lookup;

	private final Closeable file;

	GeoIpDatabase(CityLookup lookup, Closeable file) {
		this.lookup = lookup;
		this.file = file;
	}

	/** Fails with a message naming the setting when the file is missing, unreadable or not a City database. */
	static GeoIpDatabase open(Path file) {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new IllegalStateException(SETTING + " is " + file.toAbsolutePath()
					+ ", which is missing or unreadable; set it to a GeoIP2 or GeoLite2 City .mmdb file, or unset it");
		}
		DatabaseReader reader;
		try {
			reader = new DatabaseReader.Builder(file.toFile()).withCache(new CHMCache()).locales(List.of("en")).build();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException(SETTING + " is " + file.toAbsolutePath()
					+ ", which is not a MaxMind database: " + ex.getMessage(), ex);
		}
		String type = reader.metadata().databaseType();
		if (!type.contains("City")) {
			close(reader);
			throw new IllegalStateException(SETTING + " is " + file.toAbsolutePath() + ", a " + type
					+ " database; it must be a GeoIP2 or GeoLite2 City database");
		}
		// tryCity answers empty where city() throws AddressNotFoundException
		return new GeoIpDatabase(reader::tryCity, reader);
	}

	/** Empty for anything that is not a public address the database knows; never throws. */
	Location locate(@Nullable String address) {
		InetAddress ip = IpAddresses.parse(address);
		if (ip == null || !IpAddresses.isPublic(ip)) {
			return Location.empty();
		}
		try {
			return this.lookup.city(ip).map(GeoIpDatabase::location).orElse(Location.empty());
		}
		catch (AddressNotFoundException ex) {
			return Location.empty();
		}
		catch (IOException | GeoIp2Exception | RuntimeException ex) {
			// a damaged file: the sign-in matters more than its location
			log.warn("GeoIP lookup failed: {}", ex.toString());
			return Location.empty();
		}
	}

	private static Location location(CityResponse response) {
		return new Location(name(response.city()), name(response.leastSpecificSubdivision()),
				Location.countryCode((response.country() != null) ? response.country().isoCode() : null));
	}

	private static @Nullable String name(@Nullable NamedRecord record) {
		return (record != null) ? record.name() : null;
	}

	@Override
	public void close() {
		close(this.file);
	}

	private static void close(Closeable file) {
		try {
			file.close();
		}
		catch (IOException ex) {
			log.debug("Closing the GeoIP database failed", ex);
		}
	}

	/** One City lookup: the database reader's, or a stand-in in tests. */
	@FunctionalInterface
	interface CityLookup {

		Optional<CityResponse> city(InetAddress address) throws IOException, GeoIp2Exception;
	}
}
