package nexus.iam.revocation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The bus of a single process: the embedded default, where there is no Redis and no other node. */
final class InProcessRevocationBus implements RevocationBus {

	private final Map<String, Revocation> entries = new ConcurrentHashMap<>();

	private final List<Consumer<Revocation>> handlers = new CopyOnWriteArrayList<>();

	private final Clock clock;

	private volatile boolean populated;

	InProcessRevocationBus(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void publish(Revocation revocation) {
		this.entries.values().removeIf((entry) -> entry.expiresAt().isBefore(this.clock.instant()));
		this.entries.put(key(revocation.kind(), revocation.value()), revocation);
		this.handlers.forEach((handler) -> handler.accept(revocation));
	}

	@Override
	public void listen(Consumer<Revocation> handler) {
		this.handlers.add(handler);
	}

	@Override
	public boolean contains(Revocation.Kind kind, String value) {
		Revocation entry = this.entries.get(key(kind, value));
		return entry != null && entry.expiresAt().isAfter(this.clock.instant());
	}

	@Override
	public boolean reachable() {
		return true;
	}

	@Override
	public boolean populated() {
		return this.populated;
	}

	@Override
	public void rebuild(ActiveRevocations active) {
		active.forEachPage((page) -> page.forEach((entry) -> this.entries.put(key(entry.kind(), entry.value()), entry)));
		this.populated = true;
	}

	@Override
	public String kind() {
		return "in-process";
	}

	private static String key(Revocation.Kind kind, String value) {
		return kind.key() + ":" + value;
	}
}
