package nexus.iam.device;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Where a request comes from, from one source: the GeoIP database when {@code nexus.geoip.database}
 * is set; else, when {@code nexus.geoip.cloudflare-headers} is on, Cloudflare's location headers on
 * requests from a trusted proxy; else nothing. The sources are never mixed, so that a forged header
 * cannot fill in what the database did not find.
 */
@Component
public final class Locations {

	private final @Nullable GeoIpDatabase database;

	private final boolean cloudflareHeaders;

	public Locations(GeoIpProperties properties) {
		this.database = (properties.database() != null) ? GeoIpDatabase.open(properties.database()) : null;
		this.cloudflareHeaders = properties.cloudflareHeaders();
	}

	/** The location of the request's client ({@code getRemoteAddr()}, already corrected for trusted proxies). */
	public Location locate(HttpServletRequest request) {
		if (this.database != null) {
			return this.database.locate(request.getRemoteAddr());
		}
		if (this.cloudflareHeaders && ClientRequests.viaTrustedProxy(request)) {
			return CloudflareHeaders.location(request);
		}
		return Location.empty();
	}

	/** The database's answer for an address, e.g. one stored on a session; empty without a database. */
	public Location locateAddress(@Nullable String address) {
		return (this.database != null) ? this.database.locate(address) : Location.empty();
	}

	@PreDestroy
	void close() {
		if (this.database != null) {
			this.database.close();
		}
	}
}
