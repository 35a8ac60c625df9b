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

	private final List<ProductionCheck> checks;

	ProductionSafetyCheck(NexusProperties nexus, List<ProductionCheck> checks) {
		this.nexus = nexus;
		this.checks = checks;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.nexus.production()) {
			return;
		}
		List<String> problems = new ArrayList<>();
		// the infrastructure's checks first (database, Redis, public URL: see their @Order), then the features'
		this.checks.forEach((check) -> problems.addAll(check.problems()));
		if (!problems.isEmpty()) {
			throw new StartRefusal("Refusing to start in production mode (NEXUS_MODE=production)", problems);
		}
	}
}
