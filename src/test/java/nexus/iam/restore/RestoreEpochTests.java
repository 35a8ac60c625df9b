package nexus.iam.restore;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreEpochTests {

	private static final Instant CUTOFF = Instant.parse("2026-12-06T21:50:04Z");

	@Test
	void aTokenIssuedBeforeTheCutOffIsCoveredAndOneIssuedAtOrAfterItIsNot() {
		RestoreEpoch epoch = new RestoreEpoch(new FixedCutoff(Optional.of(CUTOFF)));

		assertThat(epoch.covers(CUTOFF.minusSeconds(1))).isTrue();
		assertThat(epoch.covers(CUTOFF)).isFalse();
		assertThat(epoch.covers(CUTOFF.plusSeconds(1))).isFalse();
	}

	@Test
	void withoutARestoreNoTokenIsCovered() {
		RestoreEpoch epoch = new RestoreEpoch(new FixedCutoff(Optional.empty()));

		assertThat(epoch.covers(Instant.EPOCH)).isFalse();
	}

	/** A repository that answers the cut-off without a database: only this method is called. */
	private static final class FixedCutoff extends RestoreRepository {

		private final Optional<Instant> cutoff;

		FixedCutoff(Optional<Instant> cutoff) {
			super(null);
			this.cutoff = cutoff;
		}

		@Override
		Optional<Instant> latestCutoff() {
			return this.cutoff;
		}
	}
}
