package nexus.iam.device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import ua_parser.Client;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Reads a User-Agent header with uap-java and the uap-core regexes bundled in it. The kind of device
 * follows the rules of {@link DeviceTypes}; uap's family {@code Other} (nothing recognised) becomes
 * {@code null}.
 */
@Component
public final class UserAgents implements SmartInitializingSingleton {

	/** Longer headers are cut: no browser needs more, and each regex's cost grows with the length. */
	public static final int MAX_LENGTH = 512;

	private static final String OTHER = "Other";

	// ~1,200 regexes compiled from YAML: 0.1 to 0.4 s of CPU and ~2 MB of heap. Built once, on a
	// thread of its own while the rest of the service starts; the start waits for it before the
	// service takes requests (afterSingletonsInstantiated), so that no sign-in waits for it and a
	// broken parser stops the start instead of a sign-in.
	private final CompletableFuture<Parser> parser = CompletableFuture.supplyAsync(Parser::new,
			(task) -> Thread.ofPlatform().name("user-agent-parser").daemon().start(task));

	// an uncached parse tries the regexes in turn, ~1 ms; the users of one service send few distinct headers
	private final Cache<String, Device> cache = Caffeine.newBuilder().maximumSize(2_000).build();

	@Override
	public void afterSingletonsInstantiated() {
		parser();
	}

	public Device parse(@Nullable String userAgent) {
		String value = truncate(userAgent);
		if (value == null) {
			return Device.unknown();
		}
		return this.cache.get(value, this::read);
	}

	/** The header as stored and parsed: at most {@link #MAX_LENGTH} characters, {@code null} when blank. */
	public static @Nullable String truncate(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return null;
		}
		if (userAgent.length() <= MAX_LENGTH) {
			return userAgent;
		}
		// never split a surrogate pair
		int end = Character.isHighSurrogate(userAgent.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
		return userAgent.substring(0, end);
	}

	private Device read(String userAgent) {
		Client client = parser().parse(userAgent);
		return new Device(DeviceTypes.of(userAgent, client), browser(client.userAgent), os(client.os));
	}

	private Parser parser() {
		try {
			return this.parser.join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("The user-agent parser cannot be built", ex.getCause());
		}
	}

	private static @Nullable String browser(UserAgent agent) {
		if (agent.family == null || OTHER.equals(agent.family)) {
			return null;
		}
		return (agent.major != null) ? agent.family + " " + agent.major : agent.family;
	}

	private static @Nullable String os(OS os) {
		if (os.family == null || OTHER.equals(os.family)) {
			return null;
		}
		if (os.major == null) {
			return os.family;
		}
		return os.family + " " + os.major + ((os.minor != null) ? "." + os.minor : "");
	}
}
