package nexus.iam.device;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFactsResolverTests {

	private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

	private final ClientFactsResolver resolver = new ClientFactsResolver(new UserAgents(),
			new Locations(new GeoIpProperties(LocationsTests.testDatabase("GeoLite2-City-Test.mmdb"), false)));

	@Test
	void describeThenAddressUserAgentDeviceAndLocation() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("89.160.20.112");
		request.addHeader("User-Agent", IPHONE);
		assertThat(this.resolver.describe(request)).isEqualTo(new ClientFacts("89.160.20.112", IPHONE,
				new Device(Device.MOBILE, "Mobile Safari 17", "iOS 17.1"),
				new Location("Linköping", "Östergötland County", "SE")));
	}

	@Test
	void describeWhenUserAgentTooLongThenTruncatedTo512() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("User-Agent", IPHONE + " " + "x".repeat(1_000));
		assertThat(this.resolver.describe(request).userAgent()).hasSize(512).startsWith(IPHONE);
	}

	@Test
	void describeWhenNoUserAgentThenUnknownDevice() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("127.0.0.1");
		ClientFacts facts = this.resolver.describe(request);
		assertThat(facts.userAgent()).isNull();
		assertThat(facts.device()).isEqualTo(Device.unknown());
		assertThat(facts.location()).isEqualTo(Location.empty());
	}
}
