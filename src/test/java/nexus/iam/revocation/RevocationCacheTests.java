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

	private static VerifiedAccessToken token(UUID user, UUID session, Instant issuedAt) {
		Instant iat = Instant.ofEpochSecond(issuedAt.getEpochSecond());
		return new VerifiedAccessToken(user, session, UUID.randomUUID().toString(), List.of("google"), iat,
				iat.plusSeconds(900));
	}
}
