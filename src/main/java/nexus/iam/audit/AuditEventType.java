package nexus.iam.audit;

import java.util.Locale;

/** The kinds of audit event; the lower-case name is what the {@code type} column holds. */
public enum AuditEventType {

	SIGN_IN, SIGN_IN_FAILED, USER_CREATED, SIGN_OUT,

	TOKEN_REFRESHED, TOKEN_REFRESH_RETRIED, TOKEN_REFRESH_FAILED, REFRESH_TOKEN_REUSE,

	SESSION_REVOKED, ACCESS_TOKEN_REVOKED, USER_SESSIONS_REVOKED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}
}
