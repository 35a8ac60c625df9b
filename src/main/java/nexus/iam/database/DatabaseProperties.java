package nexus.iam.database;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The PostgreSQL database. Without a URL the embedded default starts its own PostgreSQL in the
 * data folder.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://db:5432/nexus_iam}
 * @param username database user
 * @param password database password
 * @param maxPoolSize largest number of pooled connections
 * @param connectionTimeout how long a caller waits for a connection before failing
 */
@ConfigurationProperties("nexus.database")
public record DatabaseProperties(@Nullable String url, @Nullable String username, @Nullable String password,
		@Nullable Integer maxPoolSize, @DefaultValue("5s") Duration connectionTimeout) {

	public boolean embedded() {
		return !StringUtils.hasText(this.url);
	}
}
