package nexus.iam.login;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import nexus.iam.identity.ExternalIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/** One sign-in per identity at a time on a node; other identities are not held up. */
class SignInTurnsTests {

	private final SignInTurns turns = new SignInTurns();

	@Test
	void signInsOfOneIdentityTakeTurns() throws Exception {
		ExternalIdentity ada = identity("ada");
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		List<Future<Integer>> results = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 50; i++) {
				int n = i;
				results.add(threads.submit(() -> this.turns.inTurn(ada, () -> {
					mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
					Thread.yield();
					inside.decrementAndGet();
					return n;
				})));
			}
		}
		for (int i = 0; i < 50; i++) {
			assertThat(results.get(i).get()).as("every sign-in ran and answered its own result").isEqualTo(i);
		}
		assertThat(mostInside.get()).isEqualTo(1);
	}

	@Test
	void anotherIdentityDoesNotWaitForThem() throws Exception {
		CountDownLatch adaInside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			threads.submit(() -> this.turns.inTurn(identity("ada"), () -> {
				adaInside.countDown();
				await(release);
				return null;
			}));
			assertThat(adaInside.await(10, TimeUnit.SECONDS)).isTrue();
			// same subject at another provider is another identity
			assertThat(this.turns.inTurn(new ExternalIdentity("apple", "ada", null, false, null, null, false), () -> "apple"))
				.isEqualTo("apple");
			assertThat(this.turns.inTurn(identity("grace"), () -> "grace")).isEqualTo("grace");
			release.countDown();
		}
	}

	@Test
	void aFailedSignInReleasesTheTurn() {
		ExternalIdentity ada = identity("ada");
		try {
			this.turns.inTurn(ada, () -> {
				throw new IllegalStateException("provider said no");
			});
		}
		catch (IllegalStateException expected) {
			// the next one must not wait
		}
		assertThat(this.turns.inTurn(ada, () -> "next")).isEqualTo("next");
	}

	private static ExternalIdentity identity(String subject) {
		return new ExternalIdentity("google", subject, subject + "@example.com", true, null, null, false);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
