/** The account page: the signed-in user's sessions and security events, server-rendered for browsers. */
package nexus.iam.account;
