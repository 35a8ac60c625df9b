package nexus.iam.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import nexus.iam.restore.RestoreEpoch;
import nexus.iam.token.VerifiedAccessToken;

/**
 * Revokes access tokens, sessions and users, and answers whether a verified token is revoked.
 * A revocation is written to PostgreSQL in the caller's transaction; once that commits, this
 * node's cache has it at once and every other node within a pub/sub hop (or one poll interval
 * when Redis is away).
 */
public class RevocationService {

	private static final Logger log = LoggerFactory.getLogger(RevocationService.class);

	/** Access tokens are accepted up to 30 s past their expiry (clock skew); cover that too. */
	private static final Duration SKEW = Duration.ofMinutes(1);

	private final RevocationRepository repository;

	private final RevocationCache cache;

	private final RevocationBus bus;

	private final RevocationSync sync;

	private final Duration accessTokenLifetime;

	private final Clock clock;

	/** Every access token issued before the newest restore of the database counts as revoked. */
	private final RestoreEpoch restoreEpoch;

	RevocationService(RevocationRepository repository, RevocationCache cache, RevocationBus bus, RevocationSync sync,
			Duration accessTokenLifetime, Clock clock, RestoreEpoch restoreEpoch) {
		this.restoreEpoch = restoreEpoch;
		this.repository = repository;
		this.cache = cache;
		this.bus = bus;
		this.sync = sync;
		this.accessTokenLifetime = accessTokenLifetime;
		this.clock = clock;
	}

	/**
	 * The hot-path check: in memory only, unless the in-memory copy overflowed
	 * ({@code nexus.revocation.max-cached-entries}); then a token it does not refuse is looked up
	 * in PostgreSQL, so that an entry left out of memory still refuses its tokens. A token issued
	 * before the newest restore of the database is revoked too (see restore.RestoreEpoch).
	 */
	public boolean isRevoked(VerifiedAccessToken token) {
		if (this.restoreEpoch.covers(token.issuedAt()) || this.cache.isRevoked(token)) {
			return true;
		}
		return this.cache.overflowed() && this.repository.refuses(token.jti(), token.sessionId(), token.userId(),
				token.issuedAt(), this.clock.instant());
	}

	/** @return whether this revoked it (false when it already was) */
	@Transactional
	public boolean revokeAccessToken(String jti, Instant expiresAt) {
		return record(new Revocation(Revocation.Kind.JTI, jti, null, expiresAt.plus(SKEW)));
	}

	/** Every access token of the session; its refresh tokens are the session feature's to revoke. */
	@Transactional
	public void revokeSession(UUID sessionId) {
		record(new Revocation(Revocation.Kind.SESSION, sessionId.toString(), null, horizon()));
	}

	/** Every access token of the user issued before now. */
	@Transactional
	public void revokeUser(UUID userId) {
		Instant now = this.clock.instant();
		record(new Revocation(Revocation.Kind.USER, userId.toString(), now, horizon()));
	}

	/** Whether this node runs without its bus and relies on polling PostgreSQL. */
	public boolean degraded() {
		return this.sync.degraded();
	}

	private Instant horizon() {
		return this.clock.instant().plus(this.accessTokenLifetime).plus(SKEW);
	}

	private boolean record(Revocation revocation) {
		if (this.cache.covers(revocation)) {
			// repeated revokes (anyone holding a token may call RFC 7009) must not grow the table
			return false;
		}
		this.repository.insert(revocation);
		Runnable spread = () -> {
			this.cache.apply(revocation);
			try {
				this.bus.publish(revocation);
			}
			catch (RuntimeException ex) {
				log.warn("Revocations: publishing to the {} bus failed ({}); other nodes will read it from PostgreSQL",
						this.bus.kind(), ex.getMessage());
				this.sync.markDegraded();
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					spread.run();
				}
			});
		}
		else {
			spread.run();
		}
		return true;
	}
}
