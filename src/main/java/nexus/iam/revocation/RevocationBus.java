package nexus.iam.revocation;

import java.util.List;
import java.util.function.Consumer;

/**
 * The fast, shared copy of the deny-list and the channel that tells every node about a new entry.
 * Redis in production, an in-process stand-in in the embedded default; neither is ever the only
 * place a revocation lives (PostgreSQL is), so either may lose everything without harm.
 */
interface RevocationBus {

	/** Stores the entry (with a TTL until it stops mattering) and tells every listening node. */
	void publish(Revocation revocation);

	/** Registers this node's handler for entries published by any node. */
	void listen(Consumer<Revocation> handler);

	/** Whether the shared copy holds the entry (for other services that check it there). */
	boolean contains(Revocation.Kind kind, String value);

	/** Whether the bus answers at all. */
	boolean reachable();

	/** Whether the shared copy was built since the store last started empty (restart, flush). */
	boolean populated();

	/**
	 * Writes every active entry, page by page, and marks the shared copy as built. Runs after
	 * readiness, on a thread of its own: this node's memory is already complete, and no node reads
	 * the shared copy's keys (they are for other services).
	 */
	void rebuild(ActiveRevocations active);

	/** The active entries, handed over a page at a time. */
	@FunctionalInterface
	interface ActiveRevocations {

		void forEachPage(Consumer<List<Revocation>> page);
	}

	/** {@code redis} or {@code in-process}, for health details. */
	String kind();
}
