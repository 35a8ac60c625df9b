package nexus.iam.config;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** In production, cookies and tokens travel over https only (http is allowed on localhost). */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
final class PublicUrlProductionCheck implements ProductionCheck {

	private final NexusProperties nexus;

	PublicUrlProductionCheck(NexusProperties nexus) {
		this.nexus = nexus;
	}

	@Override
	public List<String> problems() {
		if (!this.nexus.secureTransport() && !LocalHosts.isLocal(this.nexus.publicUrl())) {
			return List.of("NEXUS_PUBLIC_URL must be an https URL in production: cookies and tokens would cross the "
					+ "network in clear (http is allowed on localhost only)");
		}
		return List.of();
	}
}
