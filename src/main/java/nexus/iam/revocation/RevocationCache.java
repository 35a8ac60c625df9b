package nexus.iam.revocation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nexus.iam.token.VerifiedAccessToken;

/**
 * This node's in-memory copy of the deny-list, so that checking a request costs three hash look-ups
 * and no network call. Entries are dropped once nothing they cover can still be valid.
 * <p>
 * Bounded: the keys (jti, session and user ids are UUIDs) are held as two {@code long}s in flat
 * arrays ({@link UuidLongTable}, 24 bytes a slot, about 32 to 64 bytes an entry), and at most
 * {@code maxEntries} are held. An entry that does not fit is not dropped silently: the cache
 * becomes {@link #overflowed()}, and while it is, {@link RevocationService} asks PostgreSQL about
 * every token this cache does not refuse, so a revoked token is still refused, at the price of
 * one indexed query per request. {@link RevocationSync} reloads the cache once enough entries
 * have expired to make room again.
 */
final class RevocationCache {

	/** The default bound: 500,000 entries, about 24 MiB of arrays at most (docs/operations). */
	static final int DEFAULT_MAX_ENTRIES = 500_000;

	private static final Logger log = LoggerFactory.getLogger(RevocationCache.class);

	/** What a look-up answers for a key not held (no stored value is this small). */
	private static final long ABSENT = Long.MIN_VALUE;

	private final int maxEntries;

	/** jti to the epoch second after which the entry covers nothing. */
	private final UuidLongTable jtis;

	/** A jti that is not a UUID (never issued by this service, but accepted by the API): rare, kept apart. */
	private final Map<String, Long> otherJtis = new ConcurrentHashMap<>();

	private final UuidLongTable sessions;

	/** User id to the cut-off's epoch second (high half) and the entry's expiry second (low half). */
	private final UuidLongTable users;

	/** Counts entries refused for want of room; the cache is complete only while this does not move. */
	private final AtomicLong refused = new AtomicLong();

	private volatile boolean overflowed;

	RevocationCache() {
		this(DEFAULT_MAX_ENTRIES);
	}

	RevocationCache(int maxEntries) {
		this.maxEntries = maxEntries;
		this.jtis = new UuidLongTable(maxEntries);
		this.sessions = new UuidLongTable(maxEntries);
		this.users = new UuidLongTable(maxEntries);
	}

	/** Adds the entry; when there is no room, marks the cache {@link #overflowed()} instead. */
	synchronized void apply(Revocation revocation) {
		long expiry = ceilSeconds(revocation.expiresAt());
		boolean held = switch (revocation.kind()) {
			case JTI -> {
				UUID jti = uuidOrNull(revocation.value());
				if (jti == null) {
					yield (roomFor(1) || this.otherJtis.containsKey(revocation.value()))
							&& this.otherJtis.merge(revocation.value(), expiry, Math::max) != null;
				}
				yield (roomFor(1) || this.jtis.get(jti, ABSENT) != ABSENT) && this.jtis.put(jti, expiry, Math::max);
			}
			case SESSION -> {
				UUID session = UUID.fromString(revocation.value());
				yield (roomFor(1) || this.sessions.get(session, ABSENT) != ABSENT) && this.sessions.put(session, expiry, Math::max);
			}
			case USER -> {
				UUID user = UUID.fromString(revocation.value());
				long cutOff = (revocation.notBefore().getEpochSecond() << 32) | expiry;
				// a later cut-off covers more and matters longer: keep the later of each half
				yield (roomFor(1) || this.users.get(user, ABSENT) != ABSENT) && this.users.put(user, cutOff,
						(a, b) -> (Math.max(a >>> 32, b >>> 32) << 32) | Math.max(a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL));
			}
		};
		if (!held) {
			this.refused.incrementAndGet();
			if (!this.overflowed) {
				log.warn("Revocations: more active entries than nexus.revocation.max-cached-entries ({}); tokens this"
						+ " node's memory does not refuse are checked in PostgreSQL until entries expire", this.maxEntries);
			}
			this.overflowed = true;
		}
	}

	private boolean roomFor(int entries) {
		return size() + entries <= this.maxEntries;
	}

	/** Whether an entry at least as strong as this one is already held. */
	boolean covers(Revocation revocation) {
		long wanted = ceilSeconds(revocation.expiresAt());
		return switch (revocation.kind()) {
			case JTI -> {
				UUID jti = uuidOrNull(revocation.value());
				long held = (jti != null) ? this.jtis.get(jti, ABSENT) : this.otherJtis.getOrDefault(revocation.value(), ABSENT);
				yield held >= wanted;
			}
			case SESSION -> this.sessions.get(UUID.fromString(revocation.value()), ABSENT) >= wanted;
			case USER -> false; // a later cut-off always moves the mark
		};
	}

	boolean isRevoked(VerifiedAccessToken token) {
		if (this.sessions.get(token.sessionId(), ABSENT) != ABSENT || isJtiRevoked(token.jti())) {
			return true;
		}
		long cutOff = this.users.get(token.userId(), ABSENT);
		// iat has whole seconds, so the cut-off is too: a token of the cut-off's own second is let
		// through here, because revoking a user revokes each of their sessions as well, and a
		// sign-in right after the cut-off must not be refused
		return cutOff != ABSENT && token.issuedAt().getEpochSecond() < (cutOff >>> 32);
	}

	private boolean isJtiRevoked(String jti) {
		UUID id = uuidOrNull(jti);
		return (id != null) ? this.jtis.get(id, ABSENT) != ABSENT : this.otherJtis.containsKey(jti);
	}

	/** Forgets entries that cover only expired tokens. */
	synchronized void evictExpired(Instant now) {
		long second = now.getEpochSecond();
		this.jtis.retainIf((expiry) -> expiry > second);
		this.otherJtis.values().removeIf((expiry) -> expiry <= second);
		this.sessions.retainIf((expiry) -> expiry > second);
		this.users.retainIf((cutOff) -> (cutOff & 0xFFFF_FFFFL) > second);
	}

	int size() {
		return this.jtis.size() + this.otherJtis.size() + this.sessions.size() + this.users.size();
	}

	int maxEntries() {
		return this.maxEntries;
	}

	/** Bytes of heap the entries take (the arrays; the rare non-UUID jtis counted at 150 bytes). */
	long footprintBytes() {
		return this.jtis.footprintBytes() + this.sessions.footprintBytes() + this.users.footprintBytes()
				+ 150L * this.otherJtis.size();
	}

	/** Whether some active entry may be missing because there was no room for it. */
	boolean overflowed() {
		return this.overflowed;
	}

	/** A mark to pass to {@link #clearOverflow}: taken before a reload from PostgreSQL starts. */
	long refusals() {
		return this.refused.get();
	}

	/** After a complete reload: clears the overflow unless an entry was refused since {@code mark}. */
	synchronized boolean clearOverflow(long mark) {
		if (this.refused.get() == mark) {
			this.overflowed = false;
		}
		return !this.overflowed;
	}

	private static long ceilSeconds(Instant instant) {
		return instant.getEpochSecond() + ((instant.getNano() > 0) ? 1 : 0);
	}

	/** The UUID a jti spells, or null for any other form (parsed only when it has a UUID's length). */
	private static UUID uuidOrNull(String value) {
		if (value.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}
}
