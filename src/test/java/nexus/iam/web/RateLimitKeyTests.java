package nexus.iam.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitKeyTests {

	@Test
	void clientWhenIpv4ThenTheAddress() {
		assertThat(RateLimitFilter.client("203.0.113.9")).isEqualTo("203.0.113.9");
	}

	@Test
	void clientWhenIpv6ThenItsSlash64() {
		String a = RateLimitFilter.client("2001:db8:1:2:aaaa::1");
		String b = RateLimitFilter.client("2001:db8:1:2:ffff:ffff:ffff:ffff");
		String other = RateLimitFilter.client("2001:db8:1:3::1");
		assertThat(a).isEqualTo(b).isEqualTo("20010db800010002::/64");
		assertThat(other).isNotEqualTo(a);
	}
}
