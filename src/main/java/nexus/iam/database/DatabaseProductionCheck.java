package nexus.iam.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;

/** Production needs an external PostgreSQL with a strong password (or a password-less authentication). */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class DatabaseProductionCheck implements ProductionCheck {

	private final DatabaseProperties database;

	DatabaseProductionCheck(DatabaseProperties database) {
		this.database = database;
	}

	@Override
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.database.embedded()) {
			problems.add("NEXUS_DATABASE_URL is missing: production needs an external PostgreSQL "
					+ "(jdbc:postgresql://host:5432/database), with NEXUS_DATABASE_USERNAME and NEXUS_DATABASE_PASSWORD");
		}
		else {
			databasePasswordProblem().ifPresent(problems::add);
		}
		return problems;
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
