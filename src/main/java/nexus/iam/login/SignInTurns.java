package nexus.iam.login;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;

import nexus.iam.identity.ExternalIdentity;

/**
 * Lets one sign-in per identity at a time on this node into its database transaction. The database
 * serializes one user's sign-ins anyway (the identity's row lock, the session limit's lock): without
 * this, a burst of them would each hold a pooled connection while waiting there, and leave none for
 * anyone else's requests on the node. Here they wait without a connection.
 */
@Component
class SignInTurns {

	/** Past this, a sign-in goes ahead and waits in the database instead, as it would without this class. */
	private static final long MAX_WAIT_SECONDS = 30;

	/** One lock per identity being signed in; dropped once no thread holds or awaits it. */
	private final LoadingCache<String, ReentrantLock> locks = Caffeine.newBuilder()
		.weakValues()
		.build((identity) -> new ReentrantLock());

	<T> T inTurn(ExternalIdentity identity, Supplier<T> signIn) {
		ReentrantLock lock = this.locks.get(identity.provider() + '\u0000' + identity.subject());
		boolean locked = false;
		try {
			locked = lock.tryLock(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			return signIn.get();
		}
		finally {
			if (locked) {
				lock.unlock();
			}
		}
	}
}
