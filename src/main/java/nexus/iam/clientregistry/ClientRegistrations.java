package nexus.iam.clientregistry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.clientregistry.ClientMetadataJson.Metadata;
import nexus.iam.clientregistry.ClientMetadataJson.Parsed;
import nexus.iam.clientregistry.ClientOptions.ClientSource;
import nexus.iam.clientregistry.StoredClientRepository.StoredClient;

/**
 * Clients registered at run time: RFC 7591 registration, RFC 7592 read, update and delete. Client
 * ids, secrets and registration access tokens are random (128, 256 and 256 bits); only the hashes
 * of the latter two are stored, so a secret is shown once, in the answer that creates it. A
 * refused request writes nothing.
 */
@Service
class ClientRegistrations {

	private static final Logger log = LoggerFactory.getLogger(ClientRegistrations.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final StoredClientRepository repository;

	private final SettingsClients settings;

	private final PasswordEncoder hashes;

	private final AuditLog audit;

	private final ObjectProvider<ClientRemoval> removals;

	private final JsonMapper json;

	private final Clock clock;

	ClientRegistrations(StoredClientRepository repository, SettingsClients settings, PasswordEncoder hashes,
			AuditLog audit, ObjectProvider<ClientRemoval> removals, JsonMapper json, Clock clock) {
		this.repository = repository;
		this.settings = settings;
		this.hashes = hashes;
		this.audit = audit;
		this.removals = removals;
		this.json = json;
		this.clock = clock;
	}

	/** Who asks, for the audit trail. */
	record Caller(Access access, @Nullable String ipAddress, @Nullable String userAgent) {
	}

	/** The credential the caller presented. */
	enum Access {

		/** Nexus's admin token: the initial access token, and good for every registered client. */
		ADMIN,
		/** The client's own registration access token (RFC 7592). */
		REGISTRATION_TOKEN
	}

	/**
	 * What an answer carries besides the metadata: the credentials created by this request (shown
	 * once), and when the client id was issued.
	 */
	record Answer(Map<String, Object> metadata, Instant issuedAt, @Nullable String clientSecret,
			@Nullable String registrationAccessToken) {
	}

	@Transactional
	Answer register(byte @Nullable [] body, Caller caller) {
		String clientId = random(16);
		Metadata metadata = parse(body, clientId);
		Instant now = this.clock.instant();
		String secret = metadata.definition().authenticationMethod().usesSecret() ? random(32) : null;
		String token = random(32);
		Map<String, Object> rendered = ClientMetadataJson.render(metadata, this.json);
		this.repository.insert(new StoredClient(clientId, hash(secret), hash(token), this.json.writeValueAsString(rendered),
				now, now));
		record(AuditEventType.OIDC_CLIENT_REGISTERED, clientId, caller, metadata);
		return new Answer(rendered, now, secret, token);
	}

	/** A registered client's metadata (never a settings client's: those are managed in the settings). */
	Optional<Answer> read(String clientId) {
		return stored(clientId).map((row) -> new Answer(this.json.readValue(row.metadata(), LinkedHashMap.class),
				row.issuedAt(), null, null));
	}

	/**
	 * Replaces the metadata (RFC 7592 §2.2: omitted members take their defaults). The secret stays;
	 * a client that moves to a secret-based method without one gets a new one, one that moves away
	 * loses it.
	 */
	@Transactional
	Optional<Answer> update(String clientId, byte @Nullable [] body, Caller caller) {
		Optional<StoredClient> found = stored(clientId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		StoredClient row = found.get();
		JsonNode tree = tree(body);
		JsonNode id = tree.get("client_id");
		if (id == null || !id.isString() || !clientId.equals(id.stringValue())) {
			throw new RegistrationException(RegistrationError.INVALID_CLIENT_METADATA,
					"client_id must be given and be this client's (RFC 7592 §2.2)");
		}
		JsonNode presentedSecret = tree.get("client_secret");
		if (presentedSecret != null && !presentedSecret.isNull() && (!presentedSecret.isString()
				|| row.secretHash() == null || !this.hashes.matches(presentedSecret.stringValue(), row.secretHash()))) {
			throw new RegistrationException(RegistrationError.INVALID_CLIENT_METADATA,
					"client_secret does not match the client's (RFC 7592 §2.2)");
		}
		Metadata metadata = valid(ClientMetadataJson.parse(tree, clientId));
		boolean usesSecret = metadata.definition().authenticationMethod().usesSecret();
		String newSecret = (usesSecret && row.secretHash() == null) ? random(32) : null;
		String secretHash = !usesSecret ? null : (newSecret != null) ? hash(newSecret) : row.secretHash();
		Map<String, Object> rendered = ClientMetadataJson.render(metadata, this.json);
		if (!this.repository.update(clientId, secretHash, this.json.writeValueAsString(rendered), this.clock.instant())) {
			return Optional.empty();
		}
		record(AuditEventType.OIDC_CLIENT_UPDATED, clientId, caller, metadata);
		return Optional.of(new Answer(rendered, row.issuedAt(), newSecret, null));
	}

	/** Removes the client; false when there is none to remove. */
	@Transactional
	boolean delete(String clientId, Caller caller) {
		if (stored(clientId).isEmpty() || !this.repository.delete(clientId)) {
			return false;
		}
		this.removals.orderedStream().forEach((removal) -> removal.removed(clientId));
		this.audit.record(new AuditEvent(AuditEventType.OIDC_CLIENT_DELETED, null, null, caller.ipAddress(),
				caller.userAgent(), Map.of("client_id", clientId, "by", by(caller))));
		return true;
	}

	/** Whether the token is this registered client's registration access token (constant time). */
	boolean registrationTokenMatches(String clientId, String token) {
		return stored(clientId).map((row) -> this.hashes.matches(token, row.registrationTokenHash())).orElse(false);
	}

	/**
	 * A registered client as Spring Authorization Server uses it; empty for an unknown id, a
	 * settings client's id, or a row whose metadata today's rules refuse (logged).
	 */
	Optional<RegisteredClient> registeredClient(String clientId) {
		return stored(clientId).flatMap((row) -> {
			Parsed parsed = ClientMetadataJson.parse(this.json.readTree(row.metadata()), clientId);
			if (parsed.metadata() == null) {
				log.warn("Registered client {} is not served: its stored metadata breaks today's rules ({})", clientId,
						parsed.problems().stream().map(ClientProblem::description).toList());
				return Optional.empty();
			}
			return Optional.of(RegisteredClients.of(parsed.metadata().definition(), ClientSource.REGISTERED,
					row.secretHash(), row.issuedAt()));
		});
	}

	private Optional<StoredClient> stored(String clientId) {
		if (this.settings.contains(clientId) || !SettingsClients.CLIENT_ID.matcher(clientId).matches()) {
			return Optional.empty();
		}
		return this.repository.find(clientId);
	}

	private Metadata parse(byte @Nullable [] body, String clientId) {
		return valid(ClientMetadataJson.parse(tree(body), clientId));
	}

	private static Metadata valid(Parsed parsed) {
		if (parsed.metadata() == null) {
			throw RegistrationException.of(parsed.problems());
		}
		return parsed.metadata();
	}

	private JsonNode tree(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			throw new RegistrationException(RegistrationError.INVALID_CLIENT_METADATA, "the body must be a JSON object");
		}
		try {
			JsonNode tree = this.json.readTree(body);
			if (tree == null || !tree.isObject()) {
				throw new RegistrationException(RegistrationError.INVALID_CLIENT_METADATA, "the body must be a JSON object");
			}
			return tree;
		}
		catch (JacksonException ex) {
			throw new RegistrationException(RegistrationError.INVALID_CLIENT_METADATA, "the body is not JSON");
		}
	}

	private void record(AuditEventType type, String clientId, Caller caller, Metadata metadata) {
		ClientDefinition client = metadata.definition();
		this.audit.record(new AuditEvent(type, null, null, caller.ipAddress(), caller.userAgent(),
				Map.of("client_id", clientId, "by", by(caller), "token_endpoint_auth_method",
						client.authenticationMethod().value(), "first_party", client.firstParty())));
	}

	private static String by(Caller caller) {
		return (caller.access() == Access.ADMIN) ? "admin_token" : "registration_access_token";
	}

	private @Nullable String hash(@Nullable String value) {
		return (value != null) ? this.hashes.encode(value) : null;
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}
}
