/** The audit trail: typed security events written to PostgreSQL. */
package nexus.iam.audit;
