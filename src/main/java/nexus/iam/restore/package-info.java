/**
 * Restores of a backup: the seal that tells the service's own database from an unprocessed
 * restore, the restore epoch that ends what a backup still shows live, and the access-token
 * cut-off that follows from it.
 */
package nexus.iam.restore;
