/**
 * The Redis client, only when {@code NEXUS_REDIS_URL} is set: one server, or the primary that Redis
 * Sentinel names; and production's demands on its password.
 */
package nexus.iam.redis;
