/** Access tokens (ES256 JWTs), their signing keys and JWKS, refresh tokens and the authentication cookies. */
package nexus.iam.token;
