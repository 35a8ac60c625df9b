package nexus.iam.session;

import java.util.Locale;

/** Why a session ended; stored in {@code user_sessions.revoked_reason}. */
public enum SessionEndReason {

	/** The user signed out. */
	SIGN_OUT,
	/** The user signed this session out from another one (the account page, {@code DELETE /api/me/sessions/{id}}). */
	REMOTE_SIGN_OUT,
	/** The user signed out of all sessions, or of all but the current one. */
	SIGN_OUT_EVERYWHERE,
	/** A refresh token of the session was used twice: presumed stolen. */
	REFRESH_TOKEN_REUSE,
	/** Revoked through RFC 7009 with one of its refresh tokens. */
	TOKEN_REVOCATION,
	/** An administrator or a security event revoked all of the user's sessions. */
	SECURITY_EVENT,
	/** The user removed the sign-in method the session was signed in with. */
	IDENTITY_UNLINKED,
	/** The user signed in once more with {@code nexus.session.max-per-user} sessions live: the least recently used ended. */
	SESSION_LIMIT;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}
}
