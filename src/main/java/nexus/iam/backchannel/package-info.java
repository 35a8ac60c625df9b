/**
 * One sign-out for the applications that sign in with Nexus as their OpenID Provider: OpenID
 * Connect Back-Channel Logout 1.0 (a logout token to every application a session signed in to,
 * whenever that session ends, through the outbox) and RP-Initiated Logout 1.0 (the end-session
 * endpoint {@code /connect/logout}).
 */
package nexus.iam.backchannel;
