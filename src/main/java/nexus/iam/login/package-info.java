/** Sign-in: the OIDC provider registry, the authorization-code flow with PKCE, the development provider and the home page. */
package nexus.iam.login;
