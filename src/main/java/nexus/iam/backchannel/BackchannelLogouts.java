package nexus.iam.backchannel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.notification.Outbox;
import nexus.iam.session.EndedSessions;
import nexus.iam.session.SessionApplications;
import nexus.iam.session.SessionEndListener;

/**
 * When Nexus sessions end, queues a logout token for every application each of them signed in to
 * whose client has a back-channel logout URI: an outbox row per (session, application), written in
 * the transaction that ends the sessions and delivered by {@link BackchannelDelivery}. The token
 * itself is made at delivery (fresh times for each attempt); the row holds only ids. The
 * application that asked for the sign-out through the end-session endpoint is told too: the
 * specification allows it, and an application whose front-end asked may run other back-ends that
 * hold the session.
 */
@Component
final class BackchannelLogouts implements SessionEndListener {

	static final String KIND = "backchannel_logout";

	private final SessionApplications applications;

	private final LogoutClients clients;

	private final Outbox outbox;

	private final JsonMapper json;

	BackchannelLogouts(SessionApplications applications, LogoutClients clients, Outbox outbox, JsonMapper json) {
		this.applications = applications;
		this.clients = clients;
		this.outbox = outbox;
		this.json = json;
	}

	@Override
	public void sessionsEnded(EndedSessions ended) {
		Map<UUID, List<String>> signedIn = this.applications.of(ended.sessionIds());
		signedIn.forEach((sessionId, clientIds) -> {
			for (String clientId : clientIds) {
				if (this.clients.backchannelLogoutUri(clientId).isPresent()) {
					this.outbox.enqueue(ended.userId(), KIND, payload(clientId, sessionId, ended));
				}
			}
		});
	}

	private String payload(String clientId, UUID sessionId, EndedSessions ended) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("client_id", clientId);
		payload.put("session_id", sessionId.toString());
		payload.put("reason", ended.reason().value());
		return this.json.writeValueAsString(payload);
	}
}
