/** The deny-list: revoked access tokens, sessions and users, durable in PostgreSQL, spread through Redis, checked in memory. */
package nexus.iam.revocation;
