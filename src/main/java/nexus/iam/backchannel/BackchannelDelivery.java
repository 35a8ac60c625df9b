package nexus.iam.backchannel;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.backchannel.BackchannelMetrics.Outcome;
import nexus.iam.notification.OutboxDelivery;
import nexus.iam.notification.OutboxItem;

/**
 * Delivers one queued back-channel logout (OpenID Connect Back-Channel Logout 1.0, §2.5): a fresh
 * logout token POSTed form-encoded as {@code logout_token} to the client's registered
 * back-channel logout URI, with a short timeout and no redirects followed. 200 or 204 is
 * delivered; anything else, or no answer, is tried again with the outbox's back-off until its
 * attempts run out. The URI is read from the client's registration at each attempt, never from
 * the queued row or any request: only what an administrator registered is ever called.
 */
final class BackchannelDelivery implements OutboxDelivery {

	private static final Logger log = LoggerFactory.getLogger(BackchannelDelivery.class);

	private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
	};

	private final LogoutClients clients;

	private final LogoutTokens tokens;

	private final HttpClient http;

	private final Duration timeout;

	private final JsonMapper json;

	private final BackchannelMetrics metrics;

	private final AuditLog audit;

	BackchannelDelivery(LogoutClients clients, LogoutTokens tokens, Duration timeout, JsonMapper json,
			BackchannelMetrics metrics, AuditLog audit) {
		this.clients = clients;
		this.tokens = tokens;
		this.timeout = timeout;
		this.json = json;
		this.metrics = metrics;
		this.audit = audit;
		this.http = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	@Override
	public String kind() {
		return BackchannelLogouts.KIND;
	}

	@Override
	public Attempt deliver(OutboxItem item) {
		Map<String, Object> payload = this.json.readValue(item.payloadJson(), PAYLOAD);
		String clientId = (String) payload.get("client_id");
		UUID sessionId = UUID.fromString((String) payload.get("session_id"));
		Optional<URI> uri = this.clients.backchannelLogoutUri(clientId);
		if (uri.isEmpty()) {
			this.metrics.attempted(clientId, Outcome.SKIPPED);
			return Attempt.hopeless("the client no longer has a back-channel logout URI");
		}
		String token = this.tokens.issue(clientId, item.userId(), sessionId);
		String failure = post(uri.get(), token);
		if (failure == null) {
			this.metrics.attempted(clientId, Outcome.DELIVERED);
			record(AuditEventType.BACKCHANNEL_LOGOUT_DELIVERED, item, clientId, sessionId, Map.of());
			return Attempt.delivered();
		}
		if (item.last()) {
			this.metrics.attempted(clientId, Outcome.FAILED);
			record(AuditEventType.BACKCHANNEL_LOGOUT_FAILED, item, clientId, sessionId, Map.of("error", failure));
		}
		else {
			this.metrics.attempted(clientId, Outcome.RETRIED);
		}
		return Attempt.failed(failure);
	}

	/** @return null when delivered, else why not (no secrets: the token is never part of it) */
	private @Nullable String post(URI uri, String token) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.timeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cache-Control", "no-store")
			.POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
			.build();
		try {
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return (status == 200 || status == 204) ? null : "HTTP " + status;
		}
		catch (IOException ex) {
			log.debug("Back-channel logout to {} failed", uri, ex);
			return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private void record(AuditEventType type, OutboxItem item, String clientId, UUID sessionId,
			Map<String, Object> extra) {
		Map<String, Object> details = new java.util.LinkedHashMap<>(extra);
		details.put("client_id", clientId);
		details.put("attempt", item.attempt());
		this.audit.record(new AuditEvent(type, item.userId(), sessionId, null, null, details));
	}
}
