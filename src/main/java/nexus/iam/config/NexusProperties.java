package nexus.iam.config;

import java.net.URI;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every feature shares.
 *
 * @param mode development (the embedded default) or production
 * @param publicUrl the URL browsers use to reach this service; redirect URIs and the token issuer
 * derive from it, never from a request's Host header
 * @param dataDir where the embedded default keeps its database and generated keys
 * @param cookieDomain domain of the access-token cookie so that one sign-in covers sibling hosts
 * (e.g. {@code .nexus.local}); empty for a host-only cookie
 */
@ConfigurationProperties("nexus")
public record NexusProperties(@DefaultValue("development") RunMode mode, URI publicUrl,
		@DefaultValue(".nexus-data") Path dataDir, @Nullable String cookieDomain) {

	public NexusProperties {
		if (publicUrl == null) {
			throw new IllegalArgumentException("nexus.public-url (NEXUS_PUBLIC_URL) must be set");
		}
	}

	public boolean production() {
		return this.mode == RunMode.PRODUCTION;
	}

	/** Whether browsers reach the service over HTTPS, so cookies must be {@code Secure}. */
	public boolean secureTransport() {
		return "https".equalsIgnoreCase(this.publicUrl.getScheme());
	}

	/** The public URL without a trailing slash, for building absolute URLs. */
	public String baseUrl() {
		String url = this.publicUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
