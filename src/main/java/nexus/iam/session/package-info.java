/** User sessions: one per sign-in, the family of its refresh tokens. */
package nexus.iam.session;
