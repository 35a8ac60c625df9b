/**
 * The database connection: the connection pool to the configured PostgreSQL, or in the default
 * mode an embedded PostgreSQL in the data folder; and production's demands on its settings.
 */
package nexus.iam.database;
