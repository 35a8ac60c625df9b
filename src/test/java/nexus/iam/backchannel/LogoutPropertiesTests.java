package nexus.iam.backchannel;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The one-sign-out settings refuse values that would outlast the outbox's lease or make useless tokens. */
class LogoutPropertiesTests {

	@Test
	void defaultsAreAccepted() {
		LogoutProperties properties = new LogoutProperties(Duration.ofSeconds(5), Duration.ofMinutes(2));
		assertThat(properties.backchannelTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void timeoutWhenZeroOrLongerThanTwentySecondsThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LogoutProperties(Duration.ZERO, Duration.ofMinutes(2)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LogoutProperties(Duration.ofSeconds(21), Duration.ofMinutes(2)))
			.withMessageContaining("nexus.oidc-provider.logout.backchannel-timeout");
	}

	@Test
	void tokenLifetimeWhenOutsideThirtySecondsToTenMinutesThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LogoutProperties(Duration.ofSeconds(5), Duration.ofSeconds(10)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LogoutProperties(Duration.ofSeconds(5), Duration.ofMinutes(11)));
	}
}
