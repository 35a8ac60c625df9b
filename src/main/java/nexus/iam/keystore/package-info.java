/**
 * The database key store: signing keys held in PostgreSQL with their private parts encrypted,
 * rotated through the administration API and reloaded by every node without restarts.
 */
package nexus.iam.keystore;
