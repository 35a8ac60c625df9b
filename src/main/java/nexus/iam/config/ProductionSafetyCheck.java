package nexus.iam.config;

import java.util.ArrayList;
import java.util.List;

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

	private final List<ProductionCheck> checks;

	ProductionSafetyCheck(NexusProperties nexus, DatabaseProperties database, List<ProductionCheck> checks) {
		this.nexus = nexus;
		this.database = database;
		this.checks = checks;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.nexus.production()) {
			return;
		}
		List<String> problems = new ArrayList<>();
		if (this.database.embedded()) {
			problems.add("NEXUS_DATABASE_URL is missing: production needs an external PostgreSQL");
		}
		String host = this.nexus.publicUrl().getHost();
		boolean loopback = "localhost".equals(host) || (host != null && host.startsWith("127."));
		if (!this.nexus.secureTransport() && !loopback) {
			problems.add("NEXUS_PUBLIC_URL must be an https URL in production (got " + this.nexus.publicUrl() + ")");
		}
		this.checks.forEach((check) -> problems.addAll(check.problems()));
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"Refusing to start in production mode:\n  - " + String.join("\n  - ", problems));
		}
	}
}
