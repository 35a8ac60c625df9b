package nexus.iam.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Refuses to start in production mode while any feature reports a missing, default or weak
 * setting, listing every problem at once so that an operator fixes them in one go.
 */
@Component("productionSafetyCheck")
final class ProductionSafetyCheck implements InitializingBean {

	private final NexusProperties nexus;

	private final DatabaseProperties database;

	private final RedisProperties redis;

	private final List<ProductionCheck> checks;

	ProductionSafetyCheck(NexusProperties nexus, DatabaseProperties database, RedisProperties redis,
			List<ProductionCheck> checks) {
		this.nexus = nexus;
		this.database = database;
		this.redis = redis;
		this.checks = checks;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.nexus.production()) {
			return;
		}
		List<String> problems = new ArrayList<>();
		if (this.database.embedded()) {
			problems.add("NEXUS_DATABASE_URL is missing: production needs an external PostgreSQL "
					+ "(jdbc:postgresql://host:5432/database), with NEXUS_DATABASE_USERNAME and NEXUS_DATABASE_PASSWORD");
		}
		else {
			databasePasswordProblem().ifPresent(problems::add);
		}
		redisPasswordProblem().ifPresent(problems::add);
		if (!this.nexus.secureTransport() && !LocalHosts.isLocal(this.nexus.publicUrl())) {
			problems.add("NEXUS_PUBLIC_URL must be an https URL in production: cookies and tokens would cross the "
					+ "network in clear (http is allowed on localhost only)");
		}
		this.checks.forEach((check) -> problems.addAll(check.problems()));
		if (!problems.isEmpty()) {
			throw new StartRefusal("Refusing to start in production mode (NEXUS_MODE=production)", problems);
		}
	}

	/**
	 * The database password is one the deployment chooses: required, and as strong as the service's
	 * own secrets. It may sit in the JDBC URL instead ({@code password=}); a URL that authenticates
	 * by client certificate ({@code sslcert=}, {@code sslkey=}) or a plug-in needs none.
	 */
	private Optional<String> databasePasswordProblem() {
		String url = this.database.url();
		String inUrl = queryParameter(url, "password");
		if (this.database.password() == null && inUrl != null) {
			return Secrets.weakness(inUrl).map((why) -> "NEXUS_DATABASE_URL: its password " + why);
		}
		String lower = url.toLowerCase(Locale.ROOT);
		boolean passwordless = lower.contains("sslcert=") || lower.contains("sslkey=")
				|| lower.contains("authenticationpluginclassname=");
		if (passwordless && (this.database.password() == null || this.database.password().isEmpty())) {
			return Optional.empty();
		}
		return Secrets.weakness(this.database.password()).map((why) -> "NEXUS_DATABASE_PASSWORD " + why);
	}

	/** A Redis password is optional, but one in {@code NEXUS_REDIS_URL} must not be a default. */
	private Optional<String> redisPasswordProblem() {
		if (this.redis.password() != null && !this.redis.password().isEmpty()) {
			return Secrets.issuedWeakness(this.redis.password()).map((why) -> "NEXUS_REDIS_PASSWORD " + why);
		}
		if (!this.redis.configured() || this.redis.url() == null || this.redis.url().getRawUserInfo() == null) {
			return Optional.empty();
		}
		String userInfo = this.redis.url().getRawUserInfo();
		String password = URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1), StandardCharsets.UTF_8);
		// never the URL itself in the message: it holds the password
		return Secrets.issuedWeakness(password).map((why) -> "NEXUS_REDIS_URL: its password " + why);
	}

	private static @Nullable String queryParameter(String url, String name) {
		int query = url.indexOf('?');
		if (query < 0) {
			return null;
		}
		for (String parameter : url.substring(query + 1).split("&")) {
			int equals = parameter.indexOf('=');
			if (equals > 0 && parameter.substring(0, equals).equalsIgnoreCase(name)) {
				return URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}
}
