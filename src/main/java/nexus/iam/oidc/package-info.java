/**
 * Sign-in with OpenID Connect providers: the provider registry and each provider's quirks (Sign
 * in with Apple's client-secret JWT and form_post callback), the authorization-code flow with
 * PKCE for signing in and for linking, and the in-process development provider.
 */
package nexus.iam.oidc;
