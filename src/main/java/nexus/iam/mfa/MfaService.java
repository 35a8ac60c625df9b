package nexus.iam.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;
import nexus.iam.identity.IdentityService;
import nexus.iam.identity.UserProfile;
import nexus.iam.mfa.MfaRepository.TotpRow;
import nexus.iam.mfa.MfaStatus.State;
import nexus.iam.notification.SecurityNotifications;
import nexus.iam.passkey.PasskeyFactors;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContext;
import nexus.iam.session.SessionService;
import nexus.iam.token.TokenPair;

/**
 * TOTP second factor (RFC 6238): enrolment, confirmation with the first code, step-up of a session
 * and removal. Each time step's code is accepted once; wrong codes are counted per user and, past
 * {@code nexus.mfa.max-failures} in a window, every code is refused until the window ends. Wrong
 * codes are recorded even though the request fails: the transactions do not roll back for them.
 */
@Service
public class MfaService {

	/** The RFC 8176 {@code amr} value a step-up adds to the session. */
	public static final String OTP = "otp";

	private static final int SECRET_BYTES = 20; // 160 bits, as RFC 4226 recommends

	private final MfaRepository repository;

	private final Totp totp;

	private final SecretCipher cipher;

	private final SessionService sessions;

	private final IdentityService identities;

	private final SecurityNotifications notifications;

	private final AuditLog audit;

	private final Clock clock;

	private final MfaProperties properties;

	/** A passkey is a second factor too: the step-up page offers it to those who have one. */
	private final PasskeyFactors passkeys;

	private final SecureRandom random = new SecureRandom();

	MfaService(MfaRepository repository, Totp totp, SecretCipher cipher, SessionService sessions,
			IdentityService identities, SecurityNotifications notifications, AuditLog audit, Clock clock,
			MfaProperties properties, PasskeyFactors passkeys) {
		this.passkeys = passkeys;
		this.repository = repository;
		this.totp = totp;
		this.cipher = cipher;
		this.sessions = sessions;
		this.identities = identities;
		this.notifications = notifications;
		this.audit = audit;
		this.clock = clock;
		this.properties = properties;
	}

	/** Whether the user has two-factor authentication on (the account page shows it). */
	public boolean isOn(UUID userId) {
		return status(userId).totp() == MfaStatus.State.ENABLED;
	}

	/** Whether the user can step up with a passkey. */
	boolean hasPasskeys(UUID userId) {
		return this.passkeys.hasPasskeys(userId);
	}

	public MfaStatus status(UUID userId) {
		TotpRow row = this.repository.find(userId).orElse(null);
		State state = (row == null) ? State.OFF : (row.confirmedAt() == null) ? State.PENDING : State.ENABLED;
		return new MfaStatus(state, (state == State.ENABLED) ? this.repository.countUnusedRecoveryCodes(userId) : 0);
	}

	/** A new secret for the user's authenticator app, replacing an unconfirmed one. */
	@Transactional
	public Enrolment startEnrolment(UUID userId, ClientContext client) {
		byte[] secret = new byte[SECRET_BYTES];
		this.random.nextBytes(secret);
		if (!this.repository.upsertPending(userId, this.cipher.encrypt(userId, secret), this.clock.instant())) {
			throw new ProblemException(ErrorCode.MFA_ALREADY_ENABLED);
		}
		record(AuditEventType.MFA_ENROLMENT_STARTED, userId, null, client, Map.of("method", "totp"));
		return enrolment(userId, secret);
	}

	/** The enrolment awaiting its first code, shown again (a reload of the set-up page). */
	public @Nullable Enrolment pendingEnrolment(UUID userId) {
		TotpRow row = this.repository.find(userId).orElse(null);
		if (row == null || row.confirmedAt() != null) {
			return null;
		}
		return enrolment(userId, this.cipher.decrypt(userId, row.secret()));
	}

	/**
	 * Turns the authenticator on with its first code.
	 * @return the ten recovery codes, the only time they are shown
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	public List<String> confirm(UUID userId, String code, ClientContext client) {
		TotpRow row = this.repository.find(userId).orElse(null);
		if (row == null || row.confirmedAt() != null) {
			throw new ProblemException((row == null) ? ErrorCode.MFA_NO_ENROLMENT : ErrorCode.MFA_ALREADY_ENABLED);
		}
		check(row, Proof.of(code, null), null, client);
		Instant now = this.clock.instant();
		this.repository.confirm(userId, now);
		List<String> codes = RecoveryCodes.generate();
		this.repository.replaceRecoveryCodes(userId, codes.stream().map(RecoveryCodes::hash).toList(), now);
		this.notifications.totpEnabled(userId);
		record(AuditEventType.MFA_ENABLED, userId, null, client, Map.of("method", "totp"));
		return codes;
	}

	/**
	 * Step-up: proves the second factor in this session and hands out a new token pair whose access
	 * token's {@code amr} includes {@value #OTP}.
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	public TokenPair stepUp(UUID userId, UUID sessionId, Proof proof, ClientContext client) {
		TotpRow row = enabled(userId);
		String method = check(row, proof, sessionId, client);
		TokenPair tokens = this.sessions.stepUp(userId, sessionId, OTP)
			.orElseThrow(() -> new ProblemException(ErrorCode.TOKEN_REVOKED, "The session has ended"));
		record(AuditEventType.MFA_VERIFIED, userId, sessionId, client, Map.of("method", method));
		return tokens;
	}

	/** Turns the authenticator off; needs a current code or a recovery code. */
	@Transactional(noRollbackFor = ProblemException.class)
	public void disable(UUID userId, Proof proof, ClientContext client) {
		TotpRow row = enabled(userId);
		String method = check(row, proof, null, client);
		this.repository.delete(userId);
		this.notifications.totpDisabled(userId);
		record(AuditEventType.MFA_DISABLED, userId, null, client, Map.of("method", method));
	}

	/**
	 * Replaces all of the user's recovery codes, used or not, with ten new ones, in one transaction:
	 * the old ones stop working as the new ones start. Needs a current code from the app; a
	 * recovery code is not enough, or whoever found one of a leaked set could swap the whole set
	 * for one that only they know.
	 * @return the new codes, the only time they are shown
	 */
	@Transactional(noRollbackFor = ProblemException.class)
	public List<String> regenerateRecoveryCodes(UUID userId, String code, ClientContext client) {
		TotpRow row = enabled(userId);
		check(row, Proof.of(code, null), null, client);
		List<String> codes = RecoveryCodes.generate();
		this.repository.replaceRecoveryCodes(userId, codes.stream().map(RecoveryCodes::hash).toList(),
				this.clock.instant());
		this.notifications.recoveryCodesRegenerated(userId);
		record(AuditEventType.MFA_RECOVERY_CODES_REGENERATED, userId, null, client,
				Map.of("method", "totp", "codes", codes.size()));
		return codes;
	}

	private TotpRow enabled(UUID userId) {
		return this.repository.find(userId)
			.filter((row) -> row.confirmedAt() != null)
			.orElseThrow(() -> new ProblemException(ErrorCode.MFA_NOT_ENABLED));
	}

	/**
	 * Checks the proof and spends it.
	 * @return how it was proved: {@code totp} or {@code recovery_code}
	 */
	private String check(TotpRow row, Proof proof, @Nullable UUID sessionId, ClientContext client) {
		Instant now = this.clock.instant();
		Duration window = this.properties.failureWindow();
		if (row.failedAttempts() >= this.properties.maxFailures() && row.failuresSince() != null
				&& row.failuresSince().isAfter(now.minus(window))) {
			long wait = Math.max(1, Duration.between(now, row.failuresSince().plus(window)).toSeconds());
			failed(row, sessionId, client, "locked", false);
			throw new ProblemException(ErrorCode.MFA_LOCKED, "Too many wrong codes; try again in " + wait + " s");
		}
		if (proof.isEmpty()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "Send a code or a recovery_code");
		}
		if (proof.recoveryCode() != null && proof.code() == null && row.confirmedAt() != null) {
			if (this.repository.useRecoveryCode(row.userId(), RecoveryCodes.hash(proof.recoveryCode()), now)) {
				return "recovery_code";
			}
			failed(row, sessionId, client, "wrong_recovery_code", true);
			throw new ProblemException(ErrorCode.MFA_CODE_INVALID);
		}
		String code = (proof.code() != null) ? proof.code() : "";
		OptionalLong step = this.totp.matchingStep(this.cipher.decrypt(row.userId(), row.secret()), code, now);
		if (step.isEmpty()) {
			failed(row, sessionId, client, "wrong_code", true);
			throw new ProblemException(ErrorCode.MFA_CODE_INVALID);
		}
		if (!this.repository.useStep(row.userId(), step.getAsLong())) {
			failed(row, sessionId, client, "replayed", true);
			throw new ProblemException(ErrorCode.MFA_CODE_REPLAYED);
		}
		return "totp";
	}

	private void failed(TotpRow row, @Nullable UUID sessionId, ClientContext client, String reason, boolean count) {
		if (count) {
			Instant now = this.clock.instant();
			this.repository.recordFailure(row.userId(), now, now.minus(this.properties.failureWindow()));
		}
		record(AuditEventType.MFA_FAILED, row.userId(), sessionId, client, Map.of("reason", reason));
	}

	private Enrolment enrolment(UUID userId, byte[] secret) {
		String base32 = Base32.encode(secret);
		String account = this.identities.profile(userId)
			.map(UserProfile::email)
			.filter((email) -> email != null && !email.isBlank())
			.orElse(userId.toString());
		String issuer = this.properties.issuer();
		// Key Uri Format: otpauth://totp/<issuer>:<account>?secret=…&issuer=…
		String uri = "otpauth://totp/" + encode(issuer) + ":" + encode(account) + "?secret=" + base32 + "&issuer="
				+ encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP.toSeconds();
		return new Enrolment(base32, uri, QrCodes.pngDataUrl(uri));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private void record(AuditEventType type, UUID userId, @Nullable UUID sessionId, ClientContext client,
			Map<String, Object> details) {
		this.audit.record(new AuditEvent(type, userId, sessionId, client.ipAddress(), client.userAgent(), details));
	}
}
