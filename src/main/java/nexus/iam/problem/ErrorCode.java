package nexus.iam.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every machine-readable error the service answers with. The {@link #code()} is part of the API:
 * clients switch on it, so a value is never renamed or reused for another meaning.
 */
public enum ErrorCode {

	BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
	REQUEST_TOO_LARGE_OR_MALFORMED(HttpStatus.BAD_REQUEST, "The request line or headers are too large or malformed"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
	INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid access token"),
	TOKEN_EXPIRED(HttpStatus.UNAUTHORIZED, "Access token expired"),
	TOKEN_REVOKED(HttpStatus.UNAUTHORIZED, "Access token revoked"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
	SECOND_FACTOR_REQUIRED(HttpStatus.UNAUTHORIZED, "A second factor is required"),
	CSRF_TOKEN_INVALID(HttpStatus.FORBIDDEN, "The request failed the CSRF check"),
	ORIGIN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Requests from this origin are not allowed"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	UNKNOWN_PROVIDER(HttpStatus.NOT_FOUND, "Unknown sign-in provider"),
	INVALID_RETURN_TO(HttpStatus.BAD_REQUEST, "return_to is not an allowed destination"),
	INVALID_LOGIN_HINT(HttpStatus.BAD_REQUEST, "login_hint is not a valid e-mail address"),
	LOGIN_STATE_MISSING(HttpStatus.BAD_REQUEST, "No sign-in is in progress in this browser"),
	STATE_MISMATCH(HttpStatus.BAD_REQUEST, "The sign-in response does not belong to this browser"),
	PROVIDER_ERROR(HttpStatus.BAD_REQUEST, "The provider did not complete the sign-in"),
	AUTHORIZATION_CODE_REJECTED(HttpStatus.BAD_REQUEST, "The provider rejected the authorization code"),
	INVALID_ID_TOKEN(HttpStatus.BAD_REQUEST, "The provider's ID token is not valid"),
	PROVIDER_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "The sign-in provider cannot be reached"),

	REFRESH_TOKEN_MISSING(HttpStatus.UNAUTHORIZED, "No refresh token was presented"),
	REFRESH_TOKEN_INVALID(HttpStatus.UNAUTHORIZED, "The refresh token is not valid"),
	REFRESH_TOKEN_EXPIRED(HttpStatus.UNAUTHORIZED, "The refresh token expired"),
	REFRESH_TOKEN_REVOKED(HttpStatus.UNAUTHORIZED, "The refresh token was revoked"),
	REFRESH_TOKEN_REUSED(HttpStatus.UNAUTHORIZED, "The refresh token was already used; the session is revoked"),
	SESSION_EXPIRED(HttpStatus.UNAUTHORIZED, "The session reached its maximum lifetime"),
	SESSION_NOT_FOUND(HttpStatus.NOT_FOUND, "No such session"),
	IDENTITY_NOT_FOUND(HttpStatus.NOT_FOUND, "No such linked identity"),
	IDENTITY_ALREADY_LINKED(HttpStatus.CONFLICT, "This sign-in belongs to another account"),
	LAST_IDENTITY(HttpStatus.CONFLICT, "The last sign-in method of an account cannot be removed"),
	LINK_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "The link does not belong to this session"),
	SIGNING_KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "No such signing key"),
	SIGNING_KEY_ROTATION_PENDING(HttpStatus.CONFLICT, "A new signing key is already waiting to become active"),
	SIGNING_KEY_ACTIVE(HttpStatus.CONFLICT, "The active signing key cannot be retired"),
	SIGNING_KEY_IN_USE(HttpStatus.CONFLICT, "Tokens signed with this key may still be valid"),
	SIGNING_KEYS_CONFIGURED(HttpStatus.CONFLICT, "The signing keys come from the configuration"),
	MFA_CODE_INVALID(HttpStatus.BAD_REQUEST, "The one-time or recovery code is wrong"),
	MFA_CODE_REPLAYED(HttpStatus.BAD_REQUEST, "This one-time code was already used; wait for the next one"),
	MFA_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "Too many wrong codes; try again later"),
	MFA_NOT_ENABLED(HttpStatus.CONFLICT, "Two-factor authentication is not enabled"),
	MFA_ALREADY_ENABLED(HttpStatus.CONFLICT, "Two-factor authentication is already enabled"),
	MFA_NO_ENROLMENT(HttpStatus.CONFLICT, "No two-factor enrolment is in progress"),
	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "The request is missing a parameter or is malformed"),
	TOO_MANY_COOKIES(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request carries too many cookies"),
	NOT_IMPLEMENTED(HttpStatus.NOT_IMPLEMENTED, "The method or transfer coding is not supported"),
	HTTP_VERSION_NOT_SUPPORTED(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "The HTTP version is not supported"),
	PASSKEY_CHALLENGE_INVALID(HttpStatus.BAD_REQUEST, "No passkey challenge of this browser is waiting, or it expired or was used"),
	PASSKEY_RESPONSE_INVALID(HttpStatus.BAD_REQUEST, "The passkey response is malformed"),
	PASSKEY_ORIGIN_INVALID(HttpStatus.BAD_REQUEST, "The passkey response comes from an origin that is not allowed"),
	PASSKEY_RP_ID_INVALID(HttpStatus.BAD_REQUEST, "The passkey response is for another relying party"),
	PASSKEY_USER_NOT_VERIFIED(HttpStatus.BAD_REQUEST, "The authenticator did not verify the user"),
	PASSKEY_NOT_RECOGNISED(HttpStatus.UNAUTHORIZED, "The passkey is not recognised"),
	PASSKEY_COUNTER_REGRESSED(HttpStatus.UNAUTHORIZED, "The passkey's signature counter went backwards; it may have been copied"),
	PASSKEY_ALREADY_REGISTERED(HttpStatus.CONFLICT, "This passkey is already registered"),
	PASSKEY_NOT_FOUND(HttpStatus.NOT_FOUND, "No such passkey"),
	RECENT_SIGN_IN_REQUIRED(HttpStatus.FORBIDDEN, "This needs a sign-in within the last few minutes"),
	ID_TOKEN_HINT_INVALID(HttpStatus.BAD_REQUEST, "The id_token_hint is not an ID token this service issued"),
	LOGOUT_CLIENT_INVALID(HttpStatus.BAD_REQUEST, "The client_id names no client, or not the client the id_token_hint was issued to");

	private static final String TYPE_PREFIX = "urn:nexus:problem:";

	private final HttpStatus status;

	private final String title;

	ErrorCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	/** The stable code, e.g. {@code state_mismatch}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** The RFC 9457 problem type: {@code urn:nexus:problem:<code>}. */
	public URI type() {
		return URI.create(TYPE_PREFIX + code());
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}
}
