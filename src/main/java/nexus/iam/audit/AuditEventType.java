package nexus.iam.audit;

import java.util.Locale;

/** The kinds of audit event; the lower-case name is what the {@code type} column holds. */
public enum AuditEventType {

	SIGN_IN, SIGN_IN_FAILED, USER_CREATED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}
}
