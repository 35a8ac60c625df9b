package nexus.iam.device;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class GeoIpPropertiesTests {

	@Test
	void bindWhenUnsetThenNoDatabaseAndNoCloudflareHeaders() {
		GeoIpProperties properties = bind(Map.of());
		assertThat(properties.database()).isNull();
		assertThat(properties.cloudflareHeaders()).isFalse();
	}

	@Test
	void bindWhenSetThenPathAndFlag() {
		GeoIpProperties properties = bind(
				Map.of("nexus.geoip.database", "/var/lib/geoip/GeoLite2-City.mmdb", "nexus.geoip.cloudflare-headers", "true"));
		assertThat(properties.database()).isEqualTo(Path.of("/var/lib/geoip/GeoLite2-City.mmdb"));
		assertThat(properties.cloudflareHeaders()).isTrue();
	}

	@Test
	void bindWhenDatabaseEmptyThenNoDatabase() {
		// NEXUS_GEOIP_DATABASE= in an env file
		assertThat(bind(Map.of("nexus.geoip.database", "")).database()).isNull();
		assertThat(bind(Map.of("nexus.geoip.database", " ")).database()).isNull();
	}

	private static GeoIpProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("nexus.geoip", GeoIpProperties.class);
	}
}
