/**
 * Nexus as an OpenID Provider on Spring Authorization Server: its own filter chain, discovery, keys,
 * the Nexus browser session as the resource owner, consent, tokens and claims, and the
 * authorizations and consents in PostgreSQL. See docs/oidc-provider.md.
 */
package nexus.iam.authserver;
