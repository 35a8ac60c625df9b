package nexus.iam.revocation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import nexus.iam.token.VerifiedAccessToken;

/**
 * This node's in-memory copy of the deny-list, so that checking a request costs three hash look-ups
 * and no network call. Entries are dropped once nothing they cover can still be valid.
 */
final class RevocationCache {

	private final Map<String, Instant> jtis = new ConcurrentHashMap<>();

	private final Map<UUID, Instant> sessions = new ConcurrentHashMap<>();

	/** User id to the cut-off: tokens issued before {@code notBefore} are invalid. */
	private final Map<UUID, Revocation> users = new ConcurrentHashMap<>();

	void apply(Revocation revocation) {
		switch (revocation.kind()) {
			case JTI -> this.jtis.merge(revocation.value(), revocation.expiresAt(), RevocationCache::later);
			case SESSION ->
				this.sessions.merge(UUID.fromString(revocation.value()), revocation.expiresAt(), RevocationCache::later);
			case USER -> this.users.merge(UUID.fromString(revocation.value()), revocation,
					(a, b) -> a.notBefore().isAfter(b.notBefore()) ? a : b);
		}
	}

	/** Whether an entry at least as strong as this one is already held. */
	boolean covers(Revocation revocation) {
		return switch (revocation.kind()) {
			case JTI -> !isBefore(this.jtis.get(revocation.value()), revocation.expiresAt());
			case SESSION -> !isBefore(this.sessions.get(UUID.fromString(revocation.value())), revocation.expiresAt());
			case USER -> false; // a later cut-off always moves the mark
		};
	}

	private static boolean isBefore(Instant held, Instant wanted) {
		return held == null || held.isBefore(wanted);
	}

	boolean isRevoked(VerifiedAccessToken token) {
		if (this.jtis.containsKey(token.jti()) || this.sessions.containsKey(token.sessionId())) {
			return true;
		}
		Revocation cutOff = this.users.get(token.userId());
		Instant notBefore = (cutOff != null) ? cutOff.notBefore() : null;
		// iat has whole seconds, so the cut-off is too: a token of the cut-off's own second is let
		// through here, because revoking a user revokes each of their sessions as well, and a
		// sign-in right after the cut-off must not be refused
		return notBefore != null && token.issuedAt().getEpochSecond() < notBefore.getEpochSecond();
	}

	/** Forgets entries that cover only expired tokens. */
	void evictExpired(Instant now) {
		this.jtis.values().removeIf((expiresAt) -> expiresAt.isBefore(now));
		this.sessions.values().removeIf((expiresAt) -> expiresAt.isBefore(now));
		this.users.values().removeIf((cutOff) -> cutOff.expiresAt().isBefore(now));
	}

	int size() {
		return this.jtis.size() + this.sessions.size() + this.users.size();
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}
}
