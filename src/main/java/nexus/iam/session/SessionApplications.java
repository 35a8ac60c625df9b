package nexus.iam.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Which applications (clients of Nexus as an OpenID Provider) each session has signed in to:
 * recorded whenever the provider issues an authorization for a session, read when the session ends
 * (back-channel logout) and by the sessions list. The rows go with their session (the session
 * clean-up deletes both).
 */
@Service
public class SessionApplications {

	private final SessionApplicationsRepository repository;

	private final Clock clock;

	private final ObjectProvider<ApplicationNames> names;

	SessionApplications(SessionApplicationsRepository repository, Clock clock, ObjectProvider<ApplicationNames> names) {
		this.repository = repository;
		this.clock = clock;
		this.names = names;
	}

	/**
	 * Records that the session signed in to the client, now: one upsert, joining the caller's
	 * transaction if there is one. Nothing is recorded for a session that has ended; one that is
	 * ending concurrently is waited for, so the application is either recorded before the end (and
	 * then told of it) or not at all.
	 * @return whether it was recorded (false: no such live session)
	 */
	public boolean signedIn(UUID sessionId, String clientId) {
		return this.repository.upsert(sessionId, clientId, this.clock.instant());
	}

	/** The client ids the session signed in to, first sign-in first. */
	public List<String> of(UUID sessionId) {
		return of(List.of(sessionId)).getOrDefault(sessionId, List.of());
	}

	/** For each of these sessions that signed in to any application, its client ids, first sign-in first. */
	public Map<UUID, List<String>> of(Collection<UUID> sessionIds) {
		if (sessionIds.isEmpty()) {
			return Map.of();
		}
		Map<UUID, List<String>> bySession = new LinkedHashMap<>();
		for (Map.Entry<UUID, String> pair : this.repository.find(sessionIds)) {
			bySession.computeIfAbsent(pair.getKey(), (id) -> new ArrayList<>()).add(pair.getValue());
		}
		bySession.replaceAll((id, clients) -> List.copyOf(clients));
		return bySession;
	}

	/** For each of these sessions, the applications it signed in to with their display names. */
	public Map<UUID, List<SignedInApplication>> shownFor(Collection<UUID> sessionIds) {
		ApplicationNames known = this.names.getIfAvailable(() -> (clientId) -> java.util.Optional.empty());
		Map<String, String> nameOf = new java.util.HashMap<>();
		Map<UUID, List<SignedInApplication>> shown = new LinkedHashMap<>();
		of(sessionIds).forEach((sessionId, clientIds) -> shown.put(sessionId, clientIds.stream()
			.map((clientId) -> new SignedInApplication(clientId,
					nameOf.computeIfAbsent(clientId, (id) -> known.displayName(id).orElse(id))))
			.toList()));
		return shown;
	}
}
