/**
 * Single sign-on for the platform's own tools behind a reverse proxy: the forward-auth endpoint
 * for Traefik's {@code forwardAuth} and nginx's {@code auth_request}, and its access rules.
 */
package nexus.iam.sso;
