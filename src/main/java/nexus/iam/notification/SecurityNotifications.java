package nexus.iam.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tells users about security-relevant changes to their account by e-mail. Each method only writes
 * a row to the outbox, in the caller's transaction when there is one (so a rolled-back action
 * sends nothing), and returns: sending happens later on a background thread of some node, so
 * neither a slow nor an unreachable mail server can fail or delay the request.
 * <p>
 * The payload keeps small, non-secret facts only (never a token, code or cookie). Values that
 * come from clients are cleaned (no control or formatting characters) and shortened here; the
 * HTML part escapes them. Keys ending in {@code At} hold instants, which e-mails show in UTC.
 */
@Service
public class SecurityNotifications {

	private static final int MAX_TEXT = 100;

	private static final int MAX_LOCATION = 200;

	private final OutboxRepository repository;

	private final JsonMapper json;

	private final Clock clock;

	SecurityNotifications(OutboxRepository repository, JsonMapper json, Clock clock) {
		this.repository = repository;
		this.json = json;
		this.clock = clock;
	}

	/** A session began on a device this user has not signed in from before. */
	public void newDeviceSignIn(UUID userId, SignInFacts facts) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", facts.signedInAt().toString());
		putFacts(payload, facts);
		queue(userId, SecurityNotice.NEW_DEVICE_SIGN_IN, payload);
	}

	/** The user ended one of their sessions from another one (or an administrator did). */
	public void sessionSignedOutRemotely(UUID userId, SignInFacts ofTheEndedSession) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		put(payload, "signedInAt", ofTheEndedSession.signedInAt().toString());
		putFacts(payload, ofTheEndedSession);
		queue(userId, SecurityNotice.SESSION_SIGNED_OUT_REMOTELY, payload);
	}

	/**
	 * The user's sessions were ended at once.
	 *
	 * @param count how many sessions ended
	 * @param keptCurrent whether the session that asked for it stays signed in
	 */
	public void allSessionsSignedOut(UUID userId, int count, boolean keptCurrent) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		payload.put("count", count);
		payload.put("keptCurrent", keptCurrent);
		queue(userId, SecurityNotice.ALL_SESSIONS_SIGNED_OUT, payload);
	}

	/** A spent refresh token was presented again, so its session was ended as possibly stolen. */
	public void refreshTokenReuse(UUID userId, @Nullable String ipAddress, @Nullable String location) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		put(payload, "ip", clean(ipAddress, MAX_TEXT));
		put(payload, "location", clean(location, MAX_LOCATION));
		queue(userId, SecurityNotice.REFRESH_TOKEN_REUSE, payload);
	}

	/** A provider's sign-in was attached to the account. */
	public void identityLinked(UUID userId, String provider) {
		identityChanged(userId, provider, SecurityNotice.IDENTITY_LINKED);
	}

	/** A provider's sign-in was removed from the account. */
	public void identityUnlinked(UUID userId, String provider) {
		identityChanged(userId, provider, SecurityNotice.IDENTITY_UNLINKED);
	}

	/** An authenticator app now guards the account as a second factor. */
	public void totpEnabled(UUID userId) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		queue(userId, SecurityNotice.TOTP_ENABLED, payload);
	}

	/** The account's authenticator app was removed: one factor is enough again. */
	public void totpDisabled(UUID userId) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		queue(userId, SecurityNotice.TOTP_DISABLED, payload);
	}

	/** The account's recovery codes were replaced by new ones: the old ones no longer work. */
	public void recoveryCodesRegenerated(UUID userId) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		queue(userId, SecurityNotice.RECOVERY_CODES_REGENERATED, payload);
	}

	/** A passkey was added to the account (named as its owner named it). */
	public void passkeyAdded(UUID userId, String passkeyName) {
		identityChanged(userId, passkeyName, SecurityNotice.PASSKEY_ADDED);
	}

	/** A passkey's signature counter went backwards: it may have been copied. */
	public void passkeyCounterRegressed(UUID userId, String passkeyName) {
		identityChanged(userId, passkeyName, SecurityNotice.PASSKEY_COUNTER_REGRESSED);
	}

	private void identityChanged(UUID userId, String provider, SecurityNotice notice) {
		Map<String, Object> payload = new LinkedHashMap<>();
		put(payload, "occurredAt", this.clock.instant().toString());
		put(payload, "provider", clean(provider, MAX_TEXT));
		queue(userId, notice, payload);
	}

	private void queue(UUID userId, SecurityNotice notice, Map<String, Object> payload) {
		Instant now = this.clock.instant();
		this.repository.insert(userId, notice.value(), this.json.writeValueAsString(payload), now, now);
	}

	private static void putFacts(Map<String, Object> payload, SignInFacts facts) {
		put(payload, "device", clean(facts.deviceType(), MAX_TEXT));
		put(payload, "browser", clean(facts.browser(), MAX_TEXT));
		put(payload, "os", clean(facts.os(), MAX_TEXT));
		put(payload, "ip", clean(facts.ipAddress(), MAX_TEXT));
		put(payload, "location", clean(facts.location(), MAX_LOCATION));
		put(payload, "provider", clean(facts.provider(), MAX_TEXT));
	}

	private static void put(Map<String, Object> payload, String key, @Nullable String value) {
		if (value != null) {
			payload.put(key, value);
		}
	}

	/**
	 * One line of at most {@code max} characters: control and formatting characters (line breaks,
	 * bidirectional overrides) could otherwise forge lines or reorder what the e-mail shows.
	 */
	static @Nullable String clean(@Nullable String value, int max) {
		if (value == null) {
			return null;
		}
		String cleaned = value.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+", " ").replaceAll("\\s+", " ").strip();
		if (cleaned.isEmpty()) {
			return null;
		}
		if (cleaned.codePointCount(0, cleaned.length()) <= max) {
			return cleaned;
		}
		return cleaned.substring(0, cleaned.offsetByCodePoints(0, max - 1)) + "…";
	}
}
