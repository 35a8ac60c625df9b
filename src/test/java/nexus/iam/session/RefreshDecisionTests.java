package nexus.iam.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import nexus.iam.session.RefreshDecision.Refuse;
import nexus.iam.session.RefreshDecision.Retry;
import nexus.iam.session.RefreshDecision.Reuse;
import nexus.iam.session.RefreshDecision.Rotate;
import nexus.iam.session.RefreshDecision.Unknown;
import nexus.iam.session.RefreshOutcome.Reason;
import nexus.iam.session.SessionRepository.RefreshRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh decision as a table, without Spring or a database: one row of the table per test,
 * in the manner of spring-authorization-server's {@code OAuth2RefreshTokenAuthenticationProviderTests}.
 * The rotation itself (a compare-and-set in PostgreSQL) is covered by {@code RefreshIntegrationTests}.
 */
class RefreshDecisionTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final Duration GRACE = Duration.ofSeconds(30);

	private final RefreshDecision decision = new RefreshDecision(GRACE);

	@Test
	void presentedWhenUnknownThenRefusedWithNothingToAudit() {
		assertThat(this.decision.presented(Optional.empty(), NOW)).isEqualTo(new Unknown());
	}

	@Test
	void presentedWhenFreshThenRotate() {
		RefreshRow token = new Row().build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Rotate(token));
	}

	@Test
	void presentedWhenRotatedInsideTheGraceWindowThenRetry() {
		RefreshRow token = new Row().rotatedAt(NOW.minusSeconds(5)).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Retry(token));
	}

	@Test
	void presentedWhenRotatedExactlyAtTheEndOfTheGraceWindowThenRetry() {
		RefreshRow token = new Row().rotatedAt(NOW.minus(GRACE)).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Retry(token));
	}

	@Test
	void presentedWhenRotatedBeforeTheGraceWindowThenReuse() {
		RefreshRow token = new Row().rotatedAt(NOW.minus(GRACE).minusMillis(1)).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Reuse(token));
	}

	@Test
	void presentedWhenNoGraceWindowThenAnyRepeatIsReuse() {
		RefreshRow token = new Row().rotatedAt(NOW).build();

		assertThat(new RefreshDecision(Duration.ZERO).presented(Optional.of(token), NOW)).isEqualTo(new Reuse(token));
	}

	@Test
	void presentedWhenExpiredThenRefusedExpired() {
		RefreshRow token = new Row().expiresAt(NOW).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Refuse(token, Reason.EXPIRED));
	}

	@Test
	void presentedWhenTheSessionEndedThenRefusedSessionExpiredBeforeTheTokensOwnExpiry() {
		RefreshRow token = new Row().expiresAt(NOW.minusSeconds(1)).sessionExpiresAt(NOW).build();

		assertThat(this.decision.presented(Optional.of(token), NOW))
			.isEqualTo(new Refuse(token, Reason.SESSION_EXPIRED));
	}

	@Test
	void presentedWhenRevokedThenRefusedRevokedEvenWhenAlsoExpired() {
		RefreshRow token = new Row().revokedAt(NOW.minusSeconds(60)).expiresAt(NOW.minusSeconds(1)).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Refuse(token, Reason.REVOKED));
	}

	@Test
	void presentedWhenTheSessionWasRevokedThenRefusedRevoked() {
		RefreshRow token = new Row().sessionRevokedAt(NOW.minusSeconds(60)).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Refuse(token, Reason.REVOKED));
	}

	@Test
	void presentedWhenRotatedAndThenRevokedInsideTheGraceWindowThenRefusedRevokedNotRetried() {
		RefreshRow token = new Row().rotatedAt(NOW.minusSeconds(5)).revokedAt(NOW.minusSeconds(1)).build();

		assertThat(this.decision.presented(Optional.of(token), NOW)).isEqualTo(new Refuse(token, Reason.REVOKED));
	}

	@Test
	void afterLostRaceWhenTheOtherRequestRotatedThenRetry() {
		RefreshRow reread = new Row().rotatedAt(NOW).build();

		assertThat(this.decision.afterLostRace(reread, NOW)).isEqualTo(new Retry(reread));
	}

	@Test
	void afterLostRaceWhenTheOtherRequestRevokedTheSessionThenRefusedRevoked() {
		RefreshRow reread = new Row().sessionRevokedAt(NOW).build();

		assertThat(this.decision.afterLostRace(reread, NOW)).isEqualTo(new Refuse(reread, Reason.REVOKED));
	}

	@Test
	void afterLostRaceWhenTheTokenWasRevokedUnspentThenRefusedRevoked() {
		RefreshRow reread = new Row().revokedAt(NOW).build();

		assertThat(this.decision.afterLostRace(reread, NOW)).isEqualTo(new Refuse(reread, Reason.REVOKED));
	}

	@Test
	void afterLostRaceWhenNoGraceWindowThenReuse() {
		RefreshRow reread = new Row().rotatedAt(NOW).build();

		assertThat(new RefreshDecision(Duration.ZERO).afterLostRace(reread, NOW)).isEqualTo(new Reuse(reread));
	}

	@Test
	void retryWhenTheSuccessorLivesAndIsTheDerivedOneThenItIsHandedOutAgain() {
		RefreshRow successor = new Row().value("successor").build();

		assertThat(RefreshDecision.successorMayBeHandedOutAgain(Optional.of(successor), hash("successor"))).isTrue();
	}

	@Test
	void retryWhenTheSuccessorWasRevokedThenNot() {
		RefreshRow successor = new Row().value("successor").revokedAt(NOW).build();

		assertThat(RefreshDecision.successorMayBeHandedOutAgain(Optional.of(successor), hash("successor"))).isFalse();
	}

	@Test
	void retryWhenTheSuccessorIsNotTheDerivedOneThenNot() {
		RefreshRow successor = new Row().value("another family's successor").build();

		assertThat(RefreshDecision.successorMayBeHandedOutAgain(Optional.of(successor), hash("successor"))).isFalse();
	}

	@Test
	void retryWhenThereIsNoSuccessorThenNot() {
		assertThat(RefreshDecision.successorMayBeHandedOutAgain(Optional.empty(), hash("successor"))).isFalse();
	}

	private static byte[] hash(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** A refresh token's row: unspent, unrevoked, live for an hour in a session live for a day. */
	private static final class Row {

		private byte[] tokenHash = hash("presented");

		private Instant expiresAt = NOW.plus(Duration.ofHours(1));

		private Instant sessionExpiresAt = NOW.plus(Duration.ofDays(1));

		private @Nullable Instant rotatedAt;

		private @Nullable Instant revokedAt;

		private @Nullable Instant sessionRevokedAt;

		Row value(String value) {
			this.tokenHash = RefreshDecisionTests.hash(value);
			return this;
		}

		Row expiresAt(Instant at) {
			this.expiresAt = at;
			return this;
		}

		Row sessionExpiresAt(Instant at) {
			this.sessionExpiresAt = at;
			return this;
		}

		Row rotatedAt(Instant at) {
			this.rotatedAt = at;
			return this;
		}

		Row revokedAt(Instant at) {
			this.revokedAt = at;
			return this;
		}

		Row sessionRevokedAt(Instant at) {
			this.sessionRevokedAt = at;
			return this;
		}

		RefreshRow build() {
			return new RefreshRow(UUID.randomUUID(), UUID.randomUUID(), this.tokenHash, NOW.minus(Duration.ofMinutes(10)),
					this.expiresAt, this.rotatedAt, this.revokedAt, UUID.randomUUID().toString(), UUID.randomUUID(),
					List.of("google"), this.sessionExpiresAt, this.sessionRevokedAt);
		}
	}
}
