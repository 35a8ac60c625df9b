package nexus.iam.passkey;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.device.ClientFacts;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.UserProfile;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.passkey.Challenges.Purpose;
import nexus.iam.passkey.PasskeyRepository.PasskeyRow;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionService;
import nexus.iam.session.SessionView;

/** A signed-in user's passkeys: registration, the list, renaming and removal. */
@Service
class PasskeyService {

	static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final PasskeyRepository repository;

	private final Challenges challenges;

	private final Ceremonies ceremonies;

	private final IdentityService identities;

	private final SessionService sessions;

	private final AuditLog audit;

	private final SecurityNotifications notifications;

	private final Clock clock;

	private final PasskeyProperties properties;

	PasskeyService(PasskeyRepository repository, Challenges challenges, Ceremonies ceremonies,
			IdentityService identities, SessionService sessions, AuditLog audit, SecurityNotifications notifications,
			Clock clock, PasskeyProperties properties) {
		this.repository = repository;
		this.challenges = challenges;
		this.ceremonies = ceremonies;
		this.identities = identities;
		this.sessions = sessions;
		this.audit = audit;
		this.notifications = notifications;
		this.clock = clock;
		this.properties = properties;
	}

	/** Options and the cookie that binds their challenge to this browser and session. */
	record Options(Map<String, Object> json, Challenges.Issued issued) {
	}

	/** {@code PublicKeyCredentialCreationOptionsJSON}: a discoverable, user-verified credential, no attestation. */
	@Transactional
	Options registrationOptions(UUID userId, UUID sessionId) {
		UserProfile user = this.identities.profile(userId)
			.orElseThrow(() -> new ProblemException(ErrorCode.UNAUTHENTICATED));
		Challenges.Issued issued = this.challenges.issue(Purpose.REGISTER, userId, sessionId);
		RelyingParty rp = this.ceremonies.relyingParty();
		String accountName = (user.email() != null) ? user.email() : userId.toString();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rp", Map.of("id", rp.id(), "name", rp.name()));
		json.put("user", Map.of("id", BASE64URL.encodeToString(userHandle(userId)), "name", accountName, "displayName",
				(user.name() != null) ? user.name() : accountName));
		json.put("challenge", BASE64URL.encodeToString(issued.challenge()));
		json.put("pubKeyCredParams", Ceremonies.ALGORITHMS.stream()
			.map((p) -> Map.of("type", "public-key", "alg", p.getAlg().getValue()))
			.toList());
		json.put("timeout", issued.lifetime().toMillis());
		json.put("excludeCredentials", this.repository.findByUser(userId).stream().map(PasskeyService::descriptor).toList());
		json.put("authenticatorSelection",
				Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "required"));
		json.put("attestation", "none");
		json.put("hints", List.of());
		json.put("extensions", Map.of("credProps", true));
		return new Options(json, issued);
	}

	/**
	 * Checks the browser's answer to this user's and session's registration challenge and stores
	 * the passkey; audits it and e-mails the user.
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	PasskeyView register(UUID userId, UUID sessionId, @Nullable String chosenName, String credentialJson,
			HttpServletRequest request, ClientFacts client) {
		RegistrationData data = this.ceremonies.parseRegistration(credentialJson);
		byte[] challenge = this.challenges.take(request, Purpose.REGISTER, userId, sessionId).challenge();
		this.ceremonies.verifyRegistration(data, challenge);
		AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
		AttestedCredentialData attested = authenticator.getAttestedCredentialData();
		if (this.repository.credentialExists(attested.getCredentialId())) {
			throw new ProblemException(ErrorCode.PASSKEY_ALREADY_REGISTERED);
		}
		UUID aaguid = aaguid(attested.getAaguid());
		String name = PasskeyNames.chosenOr(chosenName, aaguid, client.device().browser(), client.device().os());
		Instant now = this.clock.instant();
		PasskeyRow row = new PasskeyRow(UUID.randomUUID(), userId, attested.getCredentialId(), userHandle(userId),
				this.ceremonies.serialize(attested), authenticator.getSignCount(), authenticator.isFlagUV(),
				authenticator.isFlagBE(), authenticator.isFlagBS(), aaguid, transports(data), name, now, null, null);
		if (!this.repository.insert(row)) {
			throw new ProblemException(ErrorCode.PASSKEY_ALREADY_REGISTERED);
		}
		this.audit.record(new AuditEvent(AuditEventType.PASSKEY_ADDED, userId, sessionId, client.ip(), client.userAgent(),
				Map.of("passkey_id", row.id().toString(), "name", name)));
		this.notifications.passkeyAdded(userId, name);
		return PasskeyView.of(row);
	}

	List<PasskeyView> list(UUID userId) {
		return this.repository.findByUser(userId).stream().map(PasskeyView::of).toList();
	}

	@Transactional
	PasskeyView rename(UUID userId, UUID sessionId, UUID id, @Nullable String newName, ClientContext client) {
		String name = PasskeyNames.check(newName);
		if (!this.repository.rename(userId, id, name)) {
			throw new ProblemException(ErrorCode.PASSKEY_NOT_FOUND);
		}
		this.audit.record(new AuditEvent(AuditEventType.PASSKEY_RENAMED, userId, sessionId, client.ipAddress(),
				client.userAgent(), Map.of("passkey_id", id.toString(), "name", name)));
		return this.repository.findByUser(userId).stream()
			.filter((p) -> p.id().equals(id))
			.map(PasskeyView::of)
			.findFirst()
			.orElseThrow(() -> new ProblemException(ErrorCode.PASSKEY_NOT_FOUND));
	}

	/** Removal, for a session that signed in (or stepped up) within the last few minutes only. */
	@Transactional
	void remove(UUID userId, UUID sessionId, UUID id, ClientContext client) {
		Instant signedInAt = this.sessions.liveSessions(userId).stream()
			.filter((s) -> s.id().equals(sessionId))
			.map(SessionView::createdAt)
			.findFirst()
			.orElseThrow(() -> new ProblemException(ErrorCode.UNAUTHENTICATED));
		if (signedInAt.plus(this.properties.recentSignIn()).isBefore(this.clock.instant())) {
			throw new ProblemException(ErrorCode.RECENT_SIGN_IN_REQUIRED,
					"Sign in again to remove a passkey: this session signed in more than "
							+ this.properties.recentSignIn().toMinutes() + " minutes ago");
		}
		String name = this.repository.delete(userId, id).orElseThrow(() -> new ProblemException(ErrorCode.PASSKEY_NOT_FOUND));
		this.audit.record(new AuditEvent(AuditEventType.PASSKEY_REMOVED, userId, sessionId, client.ipAddress(),
				client.userAgent(), Map.of("passkey_id", id.toString(), "name", name)));
	}

	/** The WebAuthn {@code user.id}: the user's id as 16 bytes (no personal data, stable). */
	static byte[] userHandle(UUID userId) {
		return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).array();
	}

	static Map<String, Object> descriptor(PasskeyRow row) {
		Map<String, Object> descriptor = new LinkedHashMap<>();
		descriptor.put("type", "public-key");
		descriptor.put("id", BASE64URL.encodeToString(row.credentialId()));
		descriptor.put("transports", Ceremonies.transports(row.transports()).stream().map(AuthenticatorTransport::getValue).sorted().toList());
		return descriptor;
	}

	private static @Nullable UUID aaguid(@Nullable AAGUID aaguid) {
		if (aaguid == null || aaguid.getValue() == null) {
			return null;
		}
		UUID value = aaguid.getValue();
		return (value.getMostSignificantBits() == 0 && value.getLeastSignificantBits() == 0) ? null : value;
	}

	private static String transports(RegistrationData data) {
		if (data.getTransports() == null) {
			return "";
		}
		List<String> known = new ArrayList<>();
		for (AuthenticatorTransport transport : data.getTransports()) {
			if (transport != null && transport.getValue() != null && transport.getValue().matches("[a-z-]{1,20}")) {
				known.add(transport.getValue());
			}
		}
		return known.stream().distinct().sorted().limit(8).collect(Collectors.joining(","));
	}
}
