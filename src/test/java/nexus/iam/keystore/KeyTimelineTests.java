package nexus.iam.keystore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each key's status at an instant, from its instants alone. */
class KeyTimelineTests {

	private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

	private static final Duration LIFETIME = Duration.ofMinutes(15);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final StoredKey first = key("first", T0, T0, null);

	private final StoredKey second = key("second", T0.plusSeconds(3600), T0.plusSeconds(3600 + 600), null);

	@Test
	void beforeActivationTheNewKeyIsNextAndTheOldOneActive() {
		KeyTimeline timeline = new KeyTimeline(List.of(this.first, this.second), T0.plusSeconds(3601), LIFETIME);

		assertThat(timeline.status(this.first)).isEqualTo(SigningKeyStatus.ACTIVE);
		assertThat(timeline.status(this.second)).isEqualTo(SigningKeyStatus.NEXT);
		assertThat(timeline.pending()).containsSame(this.second);
		assertThat(timeline.find("second").orElseThrow().retirableAt()).as("a next key can go at once")
			.isEqualTo(this.second.createdAt());
	}

	@Test
	void afterActivationTheOldKeyIsPreviousUntilItsLastTokensExpired() {
		Instant activation = this.second.activatesAt();
		KeyTimeline timeline = new KeyTimeline(List.of(this.second, this.first), activation, LIFETIME);

		assertThat(timeline.status(this.second)).isEqualTo(SigningKeyStatus.ACTIVE);
		assertThat(timeline.pending()).isEmpty();
		SigningKeyView previous = timeline.find("first").orElseThrow();
		assertThat(previous.status()).isEqualTo("previous");
		assertThat(previous.stoppedSigningAt()).isEqualTo(activation);
		assertThat(previous.retirableAt()).isEqualTo(activation.plus(LIFETIME).plus(SKEW));
		assertThat(timeline.views()).extracting(SigningKeyView::kid).containsExactly("first", "second");
	}

	@Test
	void retiredKeyIsRetiredWhateverItsInstants() {
		StoredKey retired = key("first", T0, T0, T0.plusSeconds(7200));
		KeyTimeline timeline = new KeyTimeline(List.of(retired, this.second), T0.plusSeconds(7200), LIFETIME);

		assertThat(timeline.status(retired)).isEqualTo(SigningKeyStatus.RETIRED);
		assertThat(timeline.find("first").orElseThrow().retirableAt()).isNull();
	}

	@Test
	void keyCalledOffBeforeItsActivationNeverTookOver() {
		// "second" was retired while next: "first" kept signing, and signs still after that instant
		StoredKey calledOff = key("second", T0.plusSeconds(3600), T0.plusSeconds(4200), T0.plusSeconds(3700));
		StoredKey third = key("third", T0.plusSeconds(5000), T0.plusSeconds(5600), null);
		Instant later = T0.plusSeconds(6000);
		KeyTimeline timeline = new KeyTimeline(List.of(this.first, calledOff, third), later, LIFETIME);

		assertThat(timeline.status(third)).isEqualTo(SigningKeyStatus.ACTIVE);
		assertThat(timeline.find("first").orElseThrow().stoppedSigningAt()).isEqualTo(third.activatesAt());
	}

	@Test
	void importedVerifyingKeyStoppedWhenImported() {
		StoredKey verifying = new StoredKey("old", "{}", null, null, StoredKey.Origin.IMPORTED, T0, T0, null);
		KeyTimeline timeline = new KeyTimeline(List.of(this.first, verifying), T0.plusSeconds(10), LIFETIME);

		assertThat(timeline.status(this.first)).isEqualTo(SigningKeyStatus.ACTIVE);
		assertThat(timeline.status(verifying)).isEqualTo(SigningKeyStatus.PREVIOUS);
		assertThat(timeline.find("old").orElseThrow().retirableAt()).isEqualTo(T0.plus(LIFETIME).plus(SKEW));
	}

	private static StoredKey key(String kid, Instant createdAt, Instant activatesAt, Instant retiredAt) {
		byte[] sealed = (retiredAt != null) ? null : new byte[] { 1 };
		return new StoredKey(kid, "{}", sealed, (sealed != null) ? "kek" : null, StoredKey.Origin.GENERATED, createdAt,
				activatesAt, retiredAt);
	}
}
