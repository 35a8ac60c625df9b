/**
 * Passkeys (WebAuthn, on webauthn4j): registration, the list of a user's passkeys, sign-in with a
 * passkey that ends in an ordinary session, and a passkey as the second factor of a step-up.
 */
package nexus.iam.passkey;
