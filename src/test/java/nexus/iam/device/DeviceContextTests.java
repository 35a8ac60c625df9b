package nexus.iam.device;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** The package's beans in a bare context (no database, no web server): wiring, binding and start-up failure. */
class DeviceContextTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(DeviceBeans.class);

	@Test
	void startWhenNothingConfiguredThenResolverAvailable() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ClientFactsResolver.class);
			assertThat(context.getBean(GeoIpProperties.class).database()).isNull();
		});
	}

	@Test
	void startWhenDatabaseConfiguredThenLocationsFromIt() {
		this.runner
			.withPropertyValues("nexus.geoip.database=" + LocationsTests.testDatabase("GeoIP2-City-Test.mmdb"))
			.run((context) -> assertThat(context.getBean(Locations.class).locateAddress("81.2.69.142").city())
				.isEqualTo("London"));
	}

	@Test
	void startWhenConfiguredDatabaseMissingThenFailsNamingTheSetting() {
		this.runner.withPropertyValues("nexus.geoip.database=does-not-exist/GeoLite2-City.mmdb").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("NEXUS_GEOIP_DATABASE")
				.hasMessageContaining("GeoLite2-City.mmdb");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GeoIpProperties.class)
	@Import({ UserAgents.class, Locations.class, ClientFactsResolver.class })
	static class DeviceBeans {

	}
}
