package nexus.iam.mfa;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Settings that would switch the lock-out off, or show an empty issuer, stop the start. */
class MfaPropertiesTests {

	@Test
	void defaultsThenAccepted() {
		MfaProperties properties = new MfaProperties("Nexus IAM", 5, Duration.ofMinutes(15));
		assertThat(properties.maxFailures()).isEqualTo(5);
	}

	@Test
	void blankIssuerThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MfaProperties(" ", 5, Duration.ofMinutes(15)))
			.withMessageContaining("nexus.mfa.issuer");
	}

	@Test
	void noFailuresAllowedThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MfaProperties("Nexus IAM", 0, Duration.ofMinutes(15)))
			.withMessageContaining("nexus.mfa.max-failures");
	}

	@Test
	void emptyWindowThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MfaProperties("Nexus IAM", 5, Duration.ZERO))
			.withMessageContaining("nexus.mfa.failure-window");
	}
}
