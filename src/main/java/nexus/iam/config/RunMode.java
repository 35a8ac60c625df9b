package nexus.iam.config;

/** How the service runs: see the run modes in {@code docs/architecture.md}. */
public enum RunMode {

	/** No configuration needed: embedded PostgreSQL, generated keys, the development provider. */
	DEVELOPMENT,

	/** External PostgreSQL and Redis, real providers; refuses to start with missing or weak secrets. */
	PRODUCTION
}
