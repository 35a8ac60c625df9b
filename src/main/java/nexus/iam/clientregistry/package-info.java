/**
 * The OpenID Provider's clients: those defined in the settings and those registered at run time
 * through OAuth 2.0 Dynamic Client Registration (RFC 7591) and managed by RFC 7592, served to
 * Spring Authorization Server as one {@code RegisteredClientRepository}; secrets kept hashed.
 * Nexus's own per-client options (first-party, two-factor, back-channel logout) are read through
 * {@link nexus.iam.clientregistry.ClientOptions}.
 */
package nexus.iam.clientregistry;
