package nexus.iam.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.StartRefusal;

/**
 * The connection pool, to the configured PostgreSQL or, in the embedded default, to a PostgreSQL
 * server started from a Maven artifact whose data survives restarts in the data folder.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DataSourceConfiguration.class);

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseProperties database, NexusProperties nexus, EmbeddedDatabase embedded) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("nexus-iam");
		config.setMaximumPoolSize(database.maxPoolSize() != null ? database.maxPoolSize() : 10);
		// fail fast when PostgreSQL is away (Hikari waits 30 s by default)
		config.setConnectionTimeout(database.connectionTimeout().toMillis());
		if (database.embedded()) {
			config.setJdbcUrl(embedded.jdbcUrl());
			config.setUsername("postgres");
		}
		else {
			config.setJdbcUrl(database.url());
			config.setUsername(database.username());
			config.setPassword(database.password());
		}
		return new HikariDataSource(config);
	}

	/** One line for the schema instead of Flyway's line per migration (its loggers are quiet, application.yml). */
	@Bean
	FlywayMigrationStrategy loggedMigration() {
		return (flyway) -> {
			MigrateResult result = flyway.migrate();
			log.info("Database schema at version {} ({})", flyway.info().current() != null
					? flyway.info().current().getVersion() : "none",
					(result.migrationsExecuted == 0) ? "up to date" : result.migrationsExecuted + " migrations applied");
		};
	}

	@Bean(destroyMethod = "close")
	@DependsOn("productionSafetyCheck")
	EmbeddedDatabase embeddedDatabase(DatabaseProperties database, NexusProperties nexus) {
		if (!database.embedded()) {
			return EmbeddedDatabase.NONE;
		}
		Path dir = nexus.dataDir().resolve("postgres").toAbsolutePath();
		refuseIfInUse(dir);
		try {
			Files.createDirectories(dir);
			boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dir)
				.setCleanDataDirectory(false)
				.start();
			log.info("Embedded PostgreSQL {} on port {} with data in {}", fresh ? "initialised" : "started",
					postgres.getPort(), dir);
			return new EmbeddedDatabase(postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dir, ex);
		}
	}

	/**
	 * A second embedded instance on the same data folder would meet the first one's PostgreSQL (its
	 * {@code postmaster.pid} names a live process): said in words, with the setting that moves it.
	 */
	static void refuseIfInUse(Path dir) {
		Path pidFile = dir.resolve("postmaster.pid");
		long pid;
		try {
			if (!Files.exists(pidFile)) {
				return;
			}
			pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
		}
		catch (IOException | RuntimeException ex) {
			return; // unreadable or half-written: PostgreSQL itself decides
		}
		if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			throw new StartRefusal("Refusing to start", List.of("NEXUS_DATA_DIR: the data folder " + dir.getParent()
					+ " is in use by another running Nexus IAM (its embedded PostgreSQL, process " + pid
					+ "): stop that one, or set NEXUS_DATA_DIR to another folder (or NEXUS_DATABASE_URL to a PostgreSQL server)"));
		}
	}

	/** The embedded server, or none when an external database is configured. */
	record EmbeddedDatabase(EmbeddedPostgres postgres) implements AutoCloseable {

		static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

		String jdbcUrl() {
			return this.postgres.getJdbcUrl("postgres", "postgres");
		}

		@Override
		public void close() throws IOException {
			if (this.postgres != null) {
				this.postgres.close();
			}
		}
	}

}
