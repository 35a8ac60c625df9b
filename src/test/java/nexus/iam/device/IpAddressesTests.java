package nexus.iam.device;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressesTests {

	@Test
	void parseWhenLiteralThenTheAddress() {
		assertThat(IpAddresses.parse("81.2.69.142").getHostAddress()).isEqualTo("81.2.69.142");
		assertThat(IpAddresses.parse("2001:480:10::1").getHostAddress()).isEqualTo("2001:480:10:0:0:0:0:1");
		assertThat(IpAddresses.parse("2001:480:10:0:0:0:0:1").getHostAddress()).isEqualTo("2001:480:10:0:0:0:0:1");
		assertThat(IpAddresses.parse("::ffff:81.2.69.142").getHostAddress()).isEqualTo("81.2.69.142");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "localhost", "example.com", "abc", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1..2.3",
			"01234.1.1.1", "0001.1.1.1", "01.1.1.1", "1.1.1.99999999999", "0x7f.0.0.1", "١.٢.٣.٤", "::1%eth0",
			"2001:db8::g", ".:", "1:2:3:4:5:6:7:8:9", "fe80::1::2", "1.2.3.4 ", " 1.2.3.4" })
	void parseWhenNotALiteralThenNull(String value) {
		assertThat(IpAddresses.parse(value)).isNull();
	}

	@Test
	void isIpv6CandidateOnlyForWhatTheJdkNeverResolves() {
		assertThat(IpAddresses.isIpv6Candidate("::1")).isTrue();
		assertThat(IpAddresses.isIpv6Candidate("2001:db8::1")).isTrue();
		assertThat(IpAddresses.isIpv6Candidate("::ffff:1.2.3.4")).isTrue();
		// the JDK would look these up as host names
		assertThat(IpAddresses.isIpv6Candidate(".:")).isFalse();
		assertThat(IpAddresses.isIpv6Candidate("g::1")).isFalse();
		assertThat(IpAddresses.isIpv6Candidate("1.2.3.4")).isFalse();
		assertThat(IpAddresses.isIpv6Candidate("")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "0.0.0.0", "::", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.1.1",
			"fe80::1", "fd12:3456::1", "fc00::1", "100.64.0.1", "100.127.255.254", "224.0.0.1", "ff02::1",
			"::ffff:10.0.0.1" })
	void isPublicWhenLocalPrivateOrMulticastThenFalse(String value) {
		assertThat(IpAddresses.isPublic(IpAddresses.parse(value))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "81.2.69.142", "100.63.255.255", "100.128.0.0", "172.32.0.1", "2001:480:10::1",
			"2a02:d3c0::1", "fbff::1", "fe00::1" })
	void isPublicWhenRoutableThenTrue(String value) {
		InetAddress address = IpAddresses.parse(value);
		assertThat(IpAddresses.isPublic(address)).isTrue();
	}
}
