package nexus.iam.passkey;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.webauthn4j.data.AuthenticationData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.device.ClientFacts;
import nexus.iam.device.Location;
import nexus.iam.login.SignInCompletion;
import nexus.iam.login.SignInOutcome.SignedIn;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.passkey.Challenges.Purpose;
import nexus.iam.passkey.PasskeyRepository.PasskeyRow;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionOrigin;
import nexus.iam.session.SessionService;
import nexus.iam.token.TokenPair;

/**
 * Sign-in with a passkey (a discoverable credential: no user named beforehand) and a passkey as
 * the second factor of a signed-in session.
 */
@Service
class PasskeySignIn {

	/** RFC 8176: a user-verified passkey is two factors (the key, and the PIN or biometric). */
	static final String MFA = "mfa";

	private final PasskeyRepository repository;

	private final Challenges challenges;

	private final Ceremonies ceremonies;

	private final SignInCompletion completion;

	private final SessionService sessions;

	private final AuditLog audit;

	private final SecurityNotifications notifications;

	private final Clock clock;

	PasskeySignIn(PasskeyRepository repository, Challenges challenges, Ceremonies ceremonies,
			SignInCompletion completion, SessionService sessions, AuditLog audit,
			SecurityNotifications notifications, Clock clock, MeterRegistry registry) {
		this.repository = repository;
		this.challenges = challenges;
		this.ceremonies = ceremonies;
		this.completion = completion;
		this.sessions = sessions;
		this.audit = audit;
		this.notifications = notifications;
		this.clock = clock;
		// the series exist from the start: "no passkey sign-ins yet" is a value on the dashboard
		for (String status : List.of("success", "failure")) {
			Counter.builder("auth.login").tags("provider", METHOD, "status", status).register(registry);
		}
	}

	/** {@code PublicKeyCredentialRequestOptionsJSON} for a sign-in: any passkey of this RP. */
	@Transactional
	PasskeyService.Options signInOptions() {
		Challenges.Issued issued = this.challenges.issue(Purpose.SIGN_IN, null, null);
		return new PasskeyService.Options(requestOptions(issued, List.of()), issued);
	}

	/** The same for a step-up: one of this user's passkeys. */
	@Transactional
	PasskeyService.Options stepUpOptions(UUID userId, UUID sessionId) {
		List<PasskeyRow> own = this.repository.findByUser(userId);
		if (own.isEmpty()) {
			throw new ProblemException(ErrorCode.PASSKEY_NOT_FOUND, "This account has no passkey");
		}
		Challenges.Issued issued = this.challenges.issue(Purpose.STEP_UP, userId, sessionId);
		return new PasskeyService.Options(
				requestOptions(issued, own.stream().map(PasskeyService::descriptor).toList()), issued);
	}

	/** The sign-in method's name: {@code provider} in audit events, sessions and {@code auth_login_total}. */
	static final String METHOD = "passkey";

	/**
	 * Checks an assertion against this browser's sign-in challenge and the passkey it names, then
	 * starts a session. Unknown, removed and foreign credentials, a user handle that is not the
	 * owner's and a bad signature are all the same {@code 401 passkey_not_recognised}.
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	SignedIn signIn(String json, HttpServletRequest request, ClientFacts client) {
		ClientContext context = new ClientContext(client.ip(), client.userAgent());
		try {
			AuthenticationData data = this.ceremonies.parseAuthentication(json);
			byte[] challenge = this.challenges.take(request, Purpose.SIGN_IN, null, null).challenge();
			PasskeyRow passkey = this.repository.findByCredentialId(data.getCredentialId())
				.orElseThrow(() -> new ProblemException(ErrorCode.PASSKEY_NOT_RECOGNISED));
			// webauthn4j does not compare the user handle with the credential's owner
			if (data.getUserHandle() == null || !MessageDigest.isEqual(data.getUserHandle(), passkey.userHandle())) {
				throw new ProblemException(ErrorCode.PASSKEY_NOT_RECOGNISED);
			}
			verify(data, challenge, passkey, client);
			// the one way every method finishes a sign-in: session, audit, new-device e-mail, count
			return this.completion.completeVerifiedUser(passkey.userId(), METHOD, amr(data.getAuthenticatorData()),
					Map.of("passkey_id", passkey.id().toString()), origin(context, client));
		}
		catch (ProblemException ex) {
			this.completion.failed(METHOD, ex.errorCode(), context);
			throw ex;
		}
	}

	/** A step-up of this session with one of the user's own passkeys: {@code mfa} joins its {@code amr}. */
	@Transactional(noRollbackFor = ProblemException.class)
	TokenPair stepUp(UUID userId, UUID sessionId, String json, HttpServletRequest request, ClientFacts client) {
		AuthenticationData data = this.ceremonies.parseAuthentication(json);
		byte[] challenge = this.challenges.take(request, Purpose.STEP_UP, userId, sessionId).challenge();
		PasskeyRow passkey = this.repository.findByCredentialId(data.getCredentialId())
			.filter((p) -> p.userId().equals(userId))
			.orElseThrow(() -> new ProblemException(ErrorCode.PASSKEY_NOT_RECOGNISED));
		if (data.getUserHandle() != null && !MessageDigest.isEqual(data.getUserHandle(), passkey.userHandle())) {
			throw new ProblemException(ErrorCode.PASSKEY_NOT_RECOGNISED);
		}
		verify(data, challenge, passkey, client);
		TokenPair tokens = this.sessions.stepUp(userId, sessionId, MFA)
			.orElseThrow(() -> new ProblemException(ErrorCode.UNAUTHENTICATED));
		this.audit.record(new AuditEvent(AuditEventType.MFA_VERIFIED, userId, sessionId, client.ip(), client.userAgent(),
				Map.of("method", "passkey", "passkey_id", passkey.id().toString())));
		return tokens;
	}

	private void verify(AuthenticationData data, byte[] challenge, PasskeyRow passkey, ClientFacts client) {
		try {
			this.ceremonies.verifyAuthentication(data, challenge, passkey);
		}
		catch (ProblemException ex) {
			if (ex.errorCode() == ErrorCode.PASSKEY_COUNTER_REGRESSED) {
				// kept although the request fails: the security record of a possible clone
				this.repository.markCounterRegressed(passkey.id(), this.clock.instant());
				this.audit.record(new AuditEvent(AuditEventType.PASSKEY_COUNTER_REGRESSED, passkey.userId(), null,
						client.ip(), client.userAgent(), Map.of("passkey_id", passkey.id().toString(), "stored_count",
								Long.toString(passkey.signCount()), "presented_count",
								Long.toString(data.getAuthenticatorData().getSignCount()))));
				this.notifications.passkeyCounterRegressed(passkey.userId(), passkey.name());
			}
			throw ex;
		}
		AuthenticatorData<?> authenticator = data.getAuthenticatorData();
		this.repository.recordUse(passkey.id(), authenticator.getSignCount(), authenticator.isFlagBS(),
				this.clock.instant());
	}

	/**
	 * RFC 8176 values: {@code swk} for a passkey that can be synced (a software-held key),
	 * {@code hwk} for one bound to its device, {@code user} for the presence test, {@code mfa}
	 * where the authenticator verified the user (always: user verification is required).
	 */
	static List<String> amr(AuthenticatorData<?> authenticator) {
		List<String> amr = new ArrayList<>();
		amr.add(authenticator.isFlagBE() ? "swk" : "hwk");
		amr.add("user");
		if (authenticator.isFlagUV()) {
			amr.add(MFA);
		}
		return List.copyOf(amr);
	}

	private Map<String, Object> requestOptions(Challenges.Issued issued, List<Map<String, Object>> allow) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("challenge", PasskeyService.BASE64URL.encodeToString(issued.challenge()));
		json.put("timeout", issued.lifetime().toMillis());
		json.put("rpId", this.ceremonies.relyingParty().id());
		json.put("allowCredentials", allow);
		json.put("userVerification", "required");
		json.put("hints", List.of());
		return json;
	}

	private static SessionOrigin origin(ClientContext context, ClientFacts facts) {
		Location location = facts.location();
		return new SessionOrigin(context, facts.device().type(), facts.device().browser(), facts.device().os(),
				location.isEmpty() ? null : location.display(), location.country());
	}
}
