package nexus.iam.device;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Describes the client of a request: address, User-Agent, device and location. */
@Component
public final class ClientFactsResolver {

	private final UserAgents userAgents;

	private final Locations locations;

	public ClientFactsResolver(UserAgents userAgents, Locations locations) {
		this.userAgents = userAgents;
		this.locations = locations;
	}

	public ClientFacts describe(HttpServletRequest request) {
		String userAgent = UserAgents.truncate(request.getHeader(HttpHeaders.USER_AGENT));
		return new ClientFacts(request.getRemoteAddr(), userAgent, this.userAgents.parse(userAgent),
				this.locations.locate(request));
	}
}
