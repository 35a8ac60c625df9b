package nexus.iam.session;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import nexus.iam.session.RefreshOutcome.Reason;
import nexus.iam.session.SessionRepository.RefreshRow;

/**
 * What a presented refresh token may do, decided from its row, the time and the grace window
 * alone: no SQL, no clock, no keys. {@link RefreshService} reads the rows, carries the verdict
 * out and records it.
 */
final class RefreshDecision {

	private final Duration grace;

	/** @param grace how long a rotated token may still be presented again for the same successor */
	RefreshDecision(Duration grace) {
		this.grace = grace;
	}

	/** The verdict on a presented token, as found by its hash (empty: not one of ours). */
	Verdict presented(Optional<RefreshRow> found, Instant now) {
		if (found.isEmpty()) {
			return new Unknown();
		}
		RefreshRow token = found.get();
		if (token.revokedAt() != null || token.sessionRevokedAt() != null) {
			return new Refuse(token, Reason.REVOKED);
		}
		if (!now.isBefore(token.sessionExpiresAt())) {
			return new Refuse(token, Reason.SESSION_EXPIRED);
		}
		if (!now.isBefore(token.expiresAt())) {
			return new Refuse(token, Reason.EXPIRED);
		}
		if (token.rotatedAt() == null) {
			return new Rotate(token);
		}
		return afterRotation(token, now);
	}

	/**
	 * The verdict when another request got to the rotation first: the token as read again is
	 * either rotated by that request (a retry, or a reuse once the window is over) or revoked
	 * (sign-out, theft).
	 */
	Verdict afterLostRace(RefreshRow reread, Instant now) {
		if (reread.rotatedAt() == null || reread.revokedAt() != null || reread.sessionRevokedAt() != null) {
			return new Refuse(reread, Reason.REVOKED);
		}
		return afterRotation(reread, now);
	}

	/**
	 * A retry inside the grace window gets the successor again only while that successor lives
	 * and is the one this token's value derives.
	 * @param derivedHash the hash of the successor value derived from the presented token
	 */
	static boolean successorMayBeHandedOutAgain(Optional<RefreshRow> successor, byte[] derivedHash) {
		return successor.isPresent() && successor.get().revokedAt() == null
				&& MessageDigest.isEqual(successor.get().tokenHash(), derivedHash);
	}

	private Verdict afterRotation(RefreshRow token, Instant now) {
		if (token.revokedAt() == null && !this.grace.isZero() && !now.isAfter(token.rotatedAt().plus(this.grace))) {
			return new Retry(token);
		}
		return new Reuse(token);
	}

	/** One verdict; each but {@link Unknown} carries the token's row. */
	sealed interface Verdict {
	}

	/** Not one of ours: refused, with nothing to audit against. */
	record Unknown() implements Verdict {
	}

	/** Refused for this reason; nothing changes. */
	record Refuse(RefreshRow token, Reason reason) implements Verdict {
	}

	/** Unspent and valid: rotate it (if no other request does first). */
	record Rotate(RefreshRow token) implements Verdict {
	}

	/** Spent inside the grace window: hand out the same successor again. */
	record Retry(RefreshRow token) implements Verdict {
	}

	/** Spent before the grace window: treat it as stolen and end the session. */
	record Reuse(RefreshRow token) implements Verdict {
	}
}
