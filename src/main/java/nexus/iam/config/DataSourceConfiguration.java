package nexus.iam.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;


import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

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

	@Bean(destroyMethod = "close")
	@DependsOn("productionSafetyCheck")
	EmbeddedDatabase embeddedDatabase(DatabaseProperties database, NexusProperties nexus) {
		if (!database.embedded()) {
			return EmbeddedDatabase.NONE;
		}
		Path dir = nexus.dataDir().resolve("postgres").toAbsolutePath();
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
