package nexus.iam.notification;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry schedule. */
class OutboxDispatcherTests {

	@Test
	void backOffWhenAttemptsFailThenFivefoldLongerUpToTheMaximum() {
		Duration initial = Duration.ofSeconds(5);
		Duration max = Duration.ofHours(1);

		assertThat(OutboxDispatcher.backOff(1, initial, max)).isEqualTo(Duration.ofSeconds(5));
		assertThat(OutboxDispatcher.backOff(2, initial, max)).isEqualTo(Duration.ofSeconds(25));
		assertThat(OutboxDispatcher.backOff(3, initial, max)).isEqualTo(Duration.ofSeconds(125));
		assertThat(OutboxDispatcher.backOff(4, initial, max)).isEqualTo(Duration.ofSeconds(625));
		assertThat(OutboxDispatcher.backOff(5, initial, max)).isEqualTo(Duration.ofSeconds(3125));
		assertThat(OutboxDispatcher.backOff(6, initial, max)).isEqualTo(max);
		assertThat(OutboxDispatcher.backOff(1_000, initial, max)).isEqualTo(max);
	}
}
