package nexus.iam.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RevocationBus} must do; run against each implementation. */
abstract class RevocationBusContract {

	protected final Clock clock = Clock.systemUTC();

	/** A bus whose shared copy is empty, as after a restart. */
	protected abstract RevocationBus emptyBus();

	/** A second handle on the same shared copy, as another node has. */
	protected abstract RevocationBus otherNode();

	@Test
	void publishThenEveryListeningNodeHearsIt() throws InterruptedException {
		RevocationBus bus = emptyBus();
		RevocationBus other = otherNode();
		BlockingQueue<Revocation> heard = new LinkedBlockingQueue<>();
		other.listen(heard::add);
		Revocation revocation = session(Duration.ofMinutes(16));

		bus.publish(revocation);

		assertThat(heard.poll(2, TimeUnit.SECONDS)).isEqualTo(revocation);
	}

	@Test
	void publishThenTheSharedCopyHoldsItForAnyNode() {
		RevocationBus bus = emptyBus();
		Revocation revocation = jti(Duration.ofMinutes(15));

		bus.publish(revocation);

		assertThat(otherNode().contains(Revocation.Kind.JTI, revocation.value())).isTrue();
		assertThat(otherNode().contains(Revocation.Kind.JTI, "another")).isFalse();
	}

	@Test
	void publishWhenAlreadyExpiredThenNotKept() {
		RevocationBus bus = emptyBus();
		Revocation stale = jti(Duration.ofSeconds(-1));
		bus.publish(stale);
		assertThat(bus.contains(Revocation.Kind.JTI, stale.value())).isFalse();
	}

	@Test
	void populatedOnlyAfterRebuild() {
		RevocationBus bus = emptyBus();
		assertThat(bus.populated()).isFalse();
		Revocation user = new Revocation(Revocation.Kind.USER, UUID.randomUUID().toString(), this.clock.instant(),
				this.clock.instant().plus(Duration.ofMinutes(16)));

		bus.rebuild((page) -> page.accept(List.of(user)));

		assertThat(bus.populated()).isTrue();
		assertThat(otherNode().populated()).isTrue();
		assertThat(bus.contains(Revocation.Kind.USER, user.value())).isTrue();
	}

	@Test
	void rebuildWhenManyPagesThenEveryEntryWritten() {
		RevocationBus bus = emptyBus();
		// the middle page is longer than one pipelined flush of the Redis bus (1,000)
		List<Revocation> large = java.util.stream.IntStream.range(0, 2_500).mapToObj((i) -> jti(Duration.ofMinutes(15))).toList();
		List<List<Revocation>> pages = List.of(List.of(jti(Duration.ofMinutes(15)), session(Duration.ofMinutes(16))),
				large, List.of(jti(Duration.ofMinutes(15)), jti(Duration.ofSeconds(-1))));

		bus.rebuild((page) -> pages.forEach(page));

		assertThat(bus.populated()).isTrue();
		RevocationBus other = otherNode();
		pages.stream()
			.flatMap(List::stream)
			.forEach((entry) -> assertThat(other.contains(entry.kind(), entry.value()))
				.as(entry.toString())
				.isEqualTo(entry.expiresAt().isAfter(this.clock.instant())));
	}

	@Test
	void reachableWhenUp() {
		assertThat(emptyBus().reachable()).isTrue();
		assertThat(emptyBus().kind()).isNotBlank();
	}

	@Test
	void encodeThenDecodeRoundTrips() {
		Revocation user = new Revocation(Revocation.Kind.USER, UUID.randomUUID().toString(),
				Instant.ofEpochMilli(1_795_000_000_123L), Instant.ofEpochMilli(1_795_000_900_456L));
		Revocation jti = jti(Duration.ofMinutes(1));
		assertThat(Revocation.decode(user.encode())).isEqualTo(user);
		assertThat(Revocation.decode(jti.encode())).isEqualTo(
				new Revocation(jti.kind(), jti.value(), null, Instant.ofEpochMilli(jti.expiresAt().toEpochMilli())));
	}

	protected Revocation jti(Duration ttl) {
		return new Revocation(Revocation.Kind.JTI, UUID.randomUUID().toString(), null, this.clock.instant().plus(ttl));
	}

	protected Revocation session(Duration ttl) {
		return new Revocation(Revocation.Kind.SESSION, UUID.randomUUID().toString(), null,
				Instant.ofEpochMilli(this.clock.instant().plus(ttl).toEpochMilli()));
	}
}
