package nexus.iam.revocation;

import java.util.UUID;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongBinaryOperator;
import java.util.function.LongPredicate;

/**
 * A map from UUID to a {@code long}, held in three flat {@code long} arrays (open addressing,
 * linear probing): 24 bytes a slot and no object per entry, against about 150 bytes an entry for
 * a {@code ConcurrentHashMap<String, Instant>}. Look-ups are lock-free (an optimistic read,
 * retried under the read lock if a write overlapped); writes take the write lock, which is fine
 * for a deny-list, written a few times a second and read on every request.
 * <p>
 * The nil UUID marks an empty slot, so it cannot be a key ({@link #put} refuses it). Nothing is
 * removed one by one: {@link #retainIf} copies what stays into fresh arrays.
 */
final class UuidLongTable {

	private static final int MIN_CAPACITY = 1024;

	/** Grown before more than three slots in four are taken, so that probes stay short. */
	private static final double MAX_LOAD = 0.75;

	private final StampedLock lock = new StampedLock();

	private final int maxEntries;

	private volatile Slots slots = new Slots(MIN_CAPACITY);

	private int size;

	/** @param maxEntries how many entries the table may hold; {@link #put} refuses new keys beyond */
	UuidLongTable(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	/** The value for the key, or {@code absent} when there is none. */
	long get(UUID key, long absent) {
		long stamp = this.lock.tryOptimisticRead();
		long value = this.slots.get(key.getMostSignificantBits(), key.getLeastSignificantBits(), absent);
		if (this.lock.validate(stamp)) {
			return value;
		}
		stamp = this.lock.readLock();
		try {
			return this.slots.get(key.getMostSignificantBits(), key.getLeastSignificantBits(), absent);
		}
		finally {
			this.lock.unlockRead(stamp);
		}
	}

	/**
	 * Stores the value, or merges it with the one held.
	 * @return false when the key is new and the table already holds {@code maxEntries} (nothing
	 * is stored), or the key is the nil UUID
	 */
	boolean put(UUID key, long value, LongBinaryOperator merge) {
		long msb = key.getMostSignificantBits();
		long lsb = key.getLeastSignificantBits();
		if (msb == 0 && lsb == 0) {
			return false;
		}
		long stamp = this.lock.writeLock();
		try {
			Slots current = this.slots;
			int index = current.find(msb, lsb);
			if (current.taken(index)) {
				current.values[index] = merge.applyAsLong(current.values[index], value);
				return true;
			}
			if (this.size >= this.maxEntries) {
				return false;
			}
			if (this.size + 1 > current.capacity() * MAX_LOAD) {
				current = current.copy(current.capacity() * 2, (v) -> true);
				this.slots = current;
				index = current.find(msb, lsb);
			}
			current.set(index, msb, lsb, value);
			this.size++;
			return true;
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	/** Keeps the entries whose value passes, drops the rest (and shrinks the arrays to fit). */
	void retainIf(LongPredicate keep) {
		long stamp = this.lock.writeLock();
		try {
			Slots current = this.slots;
			int kept = current.count(keep);
			int capacity = MIN_CAPACITY;
			while (kept > capacity * MAX_LOAD) {
				capacity *= 2;
			}
			this.slots = current.copy(capacity, keep);
			this.size = kept;
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	int size() {
		long stamp = this.lock.readLock();
		try {
			return this.size;
		}
		finally {
			this.lock.unlockRead(stamp);
		}
	}

	/** The bytes the arrays take: what the table costs in the heap. */
	long footprintBytes() {
		return 3L * Long.BYTES * this.slots.capacity();
	}

	/** One generation of arrays; replaced whole when the table grows or is swept. */
	private static final class Slots {

		final long[] msbs;

		final long[] lsbs;

		final long[] values;

		Slots(int capacity) {
			this.msbs = new long[capacity];
			this.lsbs = new long[capacity];
			this.values = new long[capacity];
		}

		int capacity() {
			return this.msbs.length;
		}

		/** The key's slot, or the empty slot where it would go. */
		int find(long msb, long lsb) {
			int mask = capacity() - 1;
			int index = spread(msb, lsb) & mask;
			// bounded: a concurrent writer may change slots under an optimistic reader, which
			// then finds a wrong answer that validation rejects, but must never spin for ever
			for (int probes = 0; probes < capacity(); probes++) {
				long m = this.msbs[index];
				long l = this.lsbs[index];
				if ((m == msb && l == lsb) || (m == 0 && l == 0)) {
					return index;
				}
				index = (index + 1) & mask;
			}
			return index;
		}

		long get(long msb, long lsb, long absent) {
			int index = find(msb, lsb);
			return (this.msbs[index] == msb && this.lsbs[index] == lsb) ? this.values[index] : absent;
		}

		boolean taken(int index) {
			return this.msbs[index] != 0 || this.lsbs[index] != 0;
		}

		void set(int index, long msb, long lsb, long value) {
			// the value first: an optimistic reader that sees the key then sees its value too (or fails validation)
			this.values[index] = value;
			this.lsbs[index] = lsb;
			this.msbs[index] = msb;
		}

		int count(LongPredicate keep) {
			int count = 0;
			for (int i = 0; i < capacity(); i++) {
				if (taken(i) && keep.test(this.values[i])) {
					count++;
				}
			}
			return count;
		}

		Slots copy(int capacity, LongPredicate keep) {
			Slots copy = new Slots(capacity);
			for (int i = 0; i < capacity(); i++) {
				if (taken(i) && keep.test(this.values[i])) {
					copy.set(copy.find(this.msbs[i], this.lsbs[i]), this.msbs[i], this.lsbs[i], this.values[i]);
				}
			}
			return copy;
		}

		private static int spread(long msb, long lsb) {
			long h = (msb ^ lsb) * 0x9E3779B97F4A7C15L;
			return (int) (h ^ (h >>> 32));
		}
	}
}
