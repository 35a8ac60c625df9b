package nexus.iam.revocation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.token.VerifiedAccessToken;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationCacheTests {

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.600Z");

	private final RevocationCache cache = new RevocationCache();

	@Test
	void isRevokedWhenJtiRevokedThenOnlyThatToken() {
		VerifiedAccessToken token = token(UUID.randomUUID(), UUID.randomUUID(), NOW);
		this.cache.apply(new Revocation(Revocation.Kind.JTI, token.jti(), null, NOW.plusSeconds(900)));
		assertThat(this.cache.isRevoked(token)).isTrue();
		assertThat(this.cache.isRevoked(token(token.userId(), token.sessionId(), NOW))).isFalse();
	}

	@Test
	void isRevokedWhenSessionRevokedThenEveryTokenOfIt() {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		this.cache.apply(new Revocation(Revocation.Kind.SESSION, session.toString(), null, NOW.plusSeconds(960)));
		assertThat(this.cache.isRevoked(token(user, session, NOW))).isTrue();
		assertThat(this.cache.isRevoked(token(user, UUID.randomUUID(), NOW))).isFalse();
	}

	@Test
	void isRevokedWhenUserCutOffThenTokensOfEarlierSecondsOnly() {
		UUID user = UUID.randomUUID();
		this.cache.apply(new Revocation(Revocation.Kind.USER, user.toString(), NOW, NOW.plusSeconds(960)));
		assertThat(this.cache.isRevoked(token(user, UUID.randomUUID(), NOW.minusSeconds(1)))).isTrue();
		assertThat(this.cache.isRevoked(token(user, UUID.randomUUID(), NOW.minusSeconds(600)))).isTrue();
		// iat is in whole seconds: the cut-off's own second is not refused (its sessions are revoked
		// one by one), so a sign-in right after a revoke-all works
		assertThat(this.cache.isRevoked(token(user, UUID.randomUUID(), Instant.parse("2026-11-27T12:00:00Z"))))
			.isFalse();
		assertThat(this.cache.isRevoked(token(UUID.randomUUID(), UUID.randomUUID(), NOW.minusSeconds(1)))).isFalse();
	}

	@Test
	void evictExpiredThenForgetsOnlyWhatCoversNothing() {
		UUID session = UUID.randomUUID();
		this.cache.apply(new Revocation(Revocation.Kind.JTI, "old", null, NOW.minusSeconds(1)));
		this.cache.apply(new Revocation(Revocation.Kind.SESSION, session.toString(), null, NOW.plusSeconds(60)));
		this.cache.evictExpired(NOW);
		assertThat(this.cache.size()).isEqualTo(1);
		assertThat(this.cache.isRevoked(token(UUID.randomUUID(), session, NOW))).isTrue();
	}

	@Test
	void applyWhenFullThenOverflowedAndHeldEntriesStillRefuse() {
		RevocationCache small = new RevocationCache(2);
		VerifiedAccessToken first = token(UUID.randomUUID(), UUID.randomUUID(), NOW);
		VerifiedAccessToken second = token(UUID.randomUUID(), UUID.randomUUID(), NOW);
		VerifiedAccessToken third = token(UUID.randomUUID(), UUID.randomUUID(), NOW);
		small.apply(new Revocation(Revocation.Kind.JTI, first.jti(), null, NOW.plusSeconds(900)));
		small.apply(new Revocation(Revocation.Kind.SESSION, second.sessionId().toString(), null, NOW.plusSeconds(60)));
		assertThat(small.overflowed()).isFalse();
		long mark = small.refusals();

		small.apply(new Revocation(Revocation.Kind.JTI, third.jti(), null, NOW.plusSeconds(900)));

		assertThat(small.overflowed()).isTrue();
		assertThat(small.size()).isEqualTo(2);
		assertThat(small.isRevoked(first)).isTrue();
		assertThat(small.isRevoked(second)).isTrue();
		// not held: the service asks PostgreSQL for such tokens while the cache is overflowed
		assertThat(small.isRevoked(third)).isFalse();
		assertThat(small.clearOverflow(mark)).isFalse();

		// room again once entries expire; a reload that refuses nothing clears the overflow
		small.evictExpired(NOW.plusSeconds(61));
		long reload = small.refusals();
		small.apply(new Revocation(Revocation.Kind.JTI, third.jti(), null, NOW.plusSeconds(900)));
		assertThat(small.clearOverflow(reload)).isTrue();
		assertThat(small.isRevoked(third)).isTrue();
	}

	@Test
	void applyWhenUserCutOffMovesThenTheLaterHalvesWin() {
		UUID user = UUID.randomUUID();
		this.cache.apply(new Revocation(Revocation.Kind.USER, user.toString(), NOW, NOW.plusSeconds(960)));
		this.cache.apply(new Revocation(Revocation.Kind.USER, user.toString(), NOW.minusSeconds(300), NOW.plusSeconds(100)));
		assertThat(this.cache.isRevoked(token(user, UUID.randomUUID(), NOW.minusSeconds(1)))).isTrue();
		this.cache.evictExpired(NOW.plusSeconds(500));
		assertThat(this.cache.isRevoked(token(user, UUID.randomUUID(), NOW.minusSeconds(1)))).isTrue();
	}

	@Test
	void isRevokedWhenJtiIsNotAUuidThenStillHeld() {
		VerifiedAccessToken token = new VerifiedAccessToken(UUID.randomUUID(), UUID.randomUUID(), "legacy-jti",
				List.of("google"), NOW, NOW.plusSeconds(900));
		this.cache.apply(new Revocation(Revocation.Kind.JTI, "legacy-jti", null, NOW.plusSeconds(900)));
		assertThat(this.cache.isRevoked(token)).isTrue();
		assertThat(this.cache.covers(new Revocation(Revocation.Kind.JTI, "legacy-jti", null, NOW.plusSeconds(900))))
			.isTrue();
	}

	private static VerifiedAccessToken token(UUID user, UUID session, Instant issuedAt) {
		Instant iat = Instant.ofEpochSecond(issuedAt.getEpochSecond());
		return new VerifiedAccessToken(user, session, UUID.randomUUID().toString(), List.of("google"), iat,
				iat.plusSeconds(900));
	}
}
