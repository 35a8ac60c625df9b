package nexus.iam.audit;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of audit event; the lower-case name is what the {@code type} column holds. */
public enum AuditEventType {

	SIGN_IN, SIGN_IN_FAILED, USER_CREATED, SIGN_OUT,

	TOKEN_REFRESHED, TOKEN_REFRESH_RETRIED, TOKEN_REFRESH_FAILED, REFRESH_TOKEN_REUSE,

	SESSION_REVOKED, ACCESS_TOKEN_REVOKED, USER_SESSIONS_REVOKED,

	IDENTITY_LINKED, IDENTITY_UNLINKED, IDENTITY_LINK_REFUSED, ACCOUNT_LINK_REQUIRED,

	SIGNING_KEY_CREATED, SIGNING_KEY_RETIRED, SIGNING_KEYS_IMPORTED, SIGNING_KEYS_RE_ENCRYPTED,

	MFA_ENROLMENT_STARTED, MFA_ENABLED, MFA_DISABLED, MFA_VERIFIED, MFA_FAILED, MFA_RECOVERY_CODES_REGENERATED,

	PASSKEY_ADDED, PASSKEY_RENAMED, PASSKEY_REMOVED, PASSKEY_COUNTER_REGRESSED,

	/** The OpenID Provider: a code issued to a client for a session, tokens issued, consents, refresh-token reuse. */
	OIDC_AUTHORIZATION_GRANTED, OIDC_TOKEN_ISSUED, OIDC_CONSENT_GIVEN, OIDC_CONSENT_WITHDRAWN, OIDC_REFRESH_TOKEN_REUSE,

	/**
	 * One sign-out: an application signed out its user through the end-session endpoint; a
	 * back-channel logout token reached an application, or was given up on.
	 */
	RP_INITIATED_LOGOUT, BACKCHANNEL_LOGOUT_DELIVERED, BACKCHANNEL_LOGOUT_FAILED,

	/** An OpenID Provider client registered, changed or removed at run time (RFC 7591, RFC 7592). */
	OIDC_CLIENT_REGISTERED, OIDC_CLIENT_UPDATED, OIDC_CLIENT_DELETED,

	/** A well-formed refresh token that is not on record: in the log only (anyone can send one). */
	REFRESH_TOKEN_UNKNOWN,

	/** A restore epoch ran (written by the database function {@code seal_restored_database}). */
	DATABASE_RESTORED;

	/**
	 * What a user sees of their own history: the security-relevant events, not the routine ones
	 * (a refresh every quarter of an hour would bury them).
	 */
	static final Set<AuditEventType> SHOWN_TO_USER = EnumSet.of(SIGN_IN, USER_CREATED, SIGN_OUT, REFRESH_TOKEN_REUSE,
			SESSION_REVOKED, ACCESS_TOKEN_REVOKED, USER_SESSIONS_REVOKED, IDENTITY_LINKED, IDENTITY_UNLINKED,
			ACCOUNT_LINK_REQUIRED, MFA_ENABLED, MFA_DISABLED, MFA_VERIFIED, MFA_FAILED,
			MFA_RECOVERY_CODES_REGENERATED, PASSKEY_ADDED, PASSKEY_RENAMED, PASSKEY_REMOVED, PASSKEY_COUNTER_REGRESSED,
			OIDC_CONSENT_GIVEN, OIDC_CONSENT_WITHDRAWN, OIDC_REFRESH_TOKEN_REUSE);

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}
}
