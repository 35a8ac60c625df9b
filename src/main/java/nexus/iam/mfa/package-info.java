/** A second factor: TOTP authenticator apps (RFC 6238), recovery codes and step-up of a session. */
package nexus.iam.mfa;
