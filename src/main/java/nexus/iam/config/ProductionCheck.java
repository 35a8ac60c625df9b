package nexus.iam.config;

import java.util.List;

/**
 * A feature's list of what is wrong with its configuration for production. Every message names
 * the environment variable to set. Checked once at start-up by {@link ProductionSafetyCheck}.
 */
@FunctionalInterface
public interface ProductionCheck {

	List<String> problems();
}
