package nexus.iam.web.fuzz;

import java.util.List;

import nexus.iam.web.fuzz.Endpoint.Body;
import nexus.iam.web.fuzz.Endpoint.Caller;

import static nexus.iam.web.fuzz.Endpoint.Body.FORM;
import static nexus.iam.web.fuzz.Endpoint.Body.FORM_OR_JSON;
import static nexus.iam.web.fuzz.Endpoint.Body.JSON;
import static nexus.iam.web.fuzz.Endpoint.Body.NONE;
import static nexus.iam.web.fuzz.Endpoint.Caller.ADMIN;
import static nexus.iam.web.fuzz.Endpoint.Caller.ANONYMOUS;
import static nexus.iam.web.fuzz.Endpoint.Caller.KRATOS;
import static nexus.iam.web.fuzz.Endpoint.Caller.USER;

/**
 * Every route of the service's port ({@code HostileInputFuzzTests} checks this list against Spring
 * MVC's mappings, so a new route cannot be missed). Routes that would change something for a
 * well-formed request from a signed-in caller (sign out, start an enrolment, rotate a key) are
 * fuzzed without credentials only: the suite asserts that nothing is written.
 */
final class Catalogue {

	static final List<Endpoint> ENDPOINTS = List.of(
			Endpoint.of("GET", "/", NONE, USER, "return_to"),
			Endpoint.of("GET", "/.well-known/jwks.json", NONE, ANONYMOUS),
			// a signed-in caller's GET without a valid hint only gets the confirmation page
			Endpoint.of("GET", "/connect/logout", NONE, USER, "id_token_hint", "client_id", "post_logout_redirect_uri",
					"state"),
			Endpoint.of("POST", "/connect/logout", FORM, ANONYMOUS, "id_token_hint", "client_id",
					"post_logout_redirect_uri", "state", "confirm", "csrf_token"),
			Endpoint.of("GET", "/error", NONE, ANONYMOUS),
			Endpoint.of("GET", "/link-account", NONE, USER, "provider", "return_to"),
			Endpoint.of("GET", "/account", NONE, USER, "notice"),
			Endpoint.of("POST", "/account/sessions/{id}/sign-out", FORM, USER, "csrf"),
			Endpoint.of("POST", "/account/sessions/sign-out-others", FORM, ANONYMOUS, "csrf"),
			Endpoint.of("POST", "/account/identities/{id}/unlink", FORM, USER, "csrf"),
			Endpoint.of("GET", "/account/mfa", NONE, USER, "notice"),
			Endpoint.of("POST", "/account/mfa/totp/start", FORM, ANONYMOUS, "csrf"),
			Endpoint.of("POST", "/account/mfa/totp/confirm", FORM, ANONYMOUS, "code"),
			Endpoint.of("POST", "/account/mfa/recovery-codes", FORM, ANONYMOUS, "code"),
			Endpoint.of("POST", "/account/mfa/totp/disable", FORM, ANONYMOUS, "code", "recovery_code"),
			Endpoint.of("GET", "/account/mfa/verify", NONE, USER, "rd", "notice"),
			Endpoint.of("POST", "/account/mfa/verify", FORM, ANONYMOUS, "code", "recovery_code", "rd"),
			Endpoint.of("GET", "/api/auth/csrf", NONE, USER),
			Endpoint.of("POST", "/api/auth/refresh", FORM_OR_JSON, ANONYMOUS, "refresh_token"),
			Endpoint.of("POST", "/api/auth/revoke", FORM, ANONYMOUS, "token", "token_type_hint"),
			Endpoint.of("POST", "/api/auth/logout", NONE, ANONYMOUS),
			Endpoint.of("GET", "/api/auth/verify", NONE, USER, "mode", "rd"),
			Endpoint.of("GET", "/api/auth/{provider}/login", NONE, ANONYMOUS, "return_to", "login_hint"),
			Endpoint.of("GET", "/api/auth/{provider}/callback", NONE, ANONYMOUS, "state", "code", "error", "iss"),
			Endpoint.of("POST", "/api/auth/{provider}/callback", FORM, ANONYMOUS, "state", "code", "error", "user"),
			Endpoint.of("GET", "/api/me", NONE, USER),
			Endpoint.of("GET", "/api/me/events", NONE, USER, "limit"),
			Endpoint.of("GET", "/api/me/sessions", NONE, USER),
			Endpoint.of("DELETE", "/api/me/sessions/{id}", NONE, USER),
			Endpoint.of("POST", "/api/me/sessions/revoke-all", JSON, USER, "keep_current"),
			Endpoint.of("GET", "/api/me/identities", NONE, USER),
			Endpoint.of("POST", "/api/me/identities", FORM_OR_JSON, USER, "provider", "return_to", "login_hint"),
			Endpoint.of("DELETE", "/api/me/identities/{id}", NONE, USER),
			Endpoint.of("GET", "/api/me/mfa", NONE, USER),
			Endpoint.of("POST", "/api/me/mfa/totp", NONE, ANONYMOUS),
			Endpoint.of("DELETE", "/api/me/mfa/totp", JSON, USER, "code", "recovery_code"),
			Endpoint.of("POST", "/api/me/mfa/totp/confirm", JSON, USER, "code"),
			Endpoint.of("POST", "/api/me/mfa/verify", JSON, USER, "code", "recovery_code"),
			Endpoint.of("POST", "/api/me/mfa/recovery-codes", JSON, USER, "code"),
			Endpoint.of("GET", "/api/admin/signing-keys", NONE, ADMIN),
			Endpoint.of("POST", "/api/admin/signing-keys/rotate", NONE, ANONYMOUS, "immediate"),
			Endpoint.of("POST", "/api/admin/signing-keys/{kid}/retire", NONE, ADMIN, "force"),
			Endpoint.of("POST", "/api/admin/signing-keys/re-encrypt", NONE, ANONYMOUS),
			Endpoint.of("GET", "/api/admin/users/{userId}/groups", NONE, ADMIN),
			Endpoint.of("PUT", "/api/admin/users/{userId}/groups", JSON, ADMIN, "groups"),
			Endpoint.of("POST", "/api/admin/users/{userId}/revoke-all", NONE, ANONYMOUS),
			Endpoint.of("POST", "/api/webhooks/kratos/registration", JSON, KRATOS, "identity", "method"),
			Endpoint.of("POST", "/api/auth/passkey/options", NONE, ANONYMOUS),
			Endpoint.of("POST", "/api/auth/passkey", JSON, ANONYMOUS, "id", "rawId", "type", "response", "return_to"),
			Endpoint.of("POST", "/api/me/passkeys/options", NONE, USER),
			Endpoint.of("POST", "/api/me/passkeys", JSON, USER, "name", "credential"),
			Endpoint.of("GET", "/api/me/passkeys", NONE, USER),
			Endpoint.of("PATCH", "/api/me/passkeys/{id}", JSON, USER, "name"),
			Endpoint.of("DELETE", "/api/me/passkeys/{id}", NONE, USER),
			Endpoint.of("POST", "/api/me/passkeys/step-up/options", NONE, USER),
			Endpoint.of("POST", "/api/me/passkeys/step-up", JSON, USER, "id", "rawId", "type", "response"),
			Endpoint.of("GET", "/account/passkeys", NONE, USER, "notice"),
			Endpoint.of("POST", "/account/passkeys/{id}/rename", FORM, USER, "csrf", "name"),
			Endpoint.of("POST", "/account/passkeys/{id}/remove", FORM, USER, "csrf"),
			// the OpenID Provider's pages (its protocol endpoints are filters that answer in the RFCs' own
			// shapes, tested by the authserver package's integration tests)
			Endpoint.of("GET", "/oauth2/consent", NONE, USER, "client_id", "scope", "state"),
			Endpoint.of("GET", "/account/applications", NONE, USER, "notice"),
			Endpoint.of("POST", "/account/applications/{registrationId}/withdraw", FORM, ANONYMOUS, "csrf"),
			// RFC 7591/7592: the admin token only where a hostile client id finds nothing
			Endpoint.of("POST", "/connect/register", JSON, ANONYMOUS, "redirect_uris", "grant_types",
					"token_endpoint_auth_method", "client_name", "jwks"),
			Endpoint.of("GET", "/connect/register/{client_id}", NONE, ADMIN),
			Endpoint.of("PUT", "/connect/register/{client_id}", JSON, ADMIN, "client_id", "redirect_uris",
					"client_secret"),
			Endpoint.of("DELETE", "/connect/register/{client_id}", NONE, ADMIN));

	private Catalogue() {
	}

	static boolean hasBody(Endpoint endpoint) {
		return endpoint.body() != Body.NONE;
	}

	static boolean signedIn(Endpoint endpoint) {
		return endpoint.caller() != Caller.ANONYMOUS;
	}
}
