package nexus.iam.token;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access and refresh tokens.
 *
 * @param issuer the {@code iss} of access tokens; defaults to the public URL
 * @param audience the {@code aud} of access tokens, checked by every service that accepts them
 * @param accessTokenLifetime lifetime of an access token
 * @param refreshTokenLifetime lifetime of a refresh token, 7 to 30 days
 * @param signingKeys the signing key set as JWK set JSON (a secret); the first key signs
 * @param signingKeysFile a file holding that JWK set, instead of {@code signingKeys}
 * @param refreshTokenSecret key material from which each refresh token's successor is derived (a
 * secret, at least 32 characters, the same on every node); generated in development
 * @param refreshGracePeriod how long after a rotation the old refresh token still yields the same
 * successor (concurrent tabs); zero disables
 * @param keyStore where the signing keys live: the configured set, or PostgreSQL (rotated through
 * the administration API)
 * @param keyEncryptionKey with the database key store: 32 random bytes, base64, under which the
 * private keys are encrypted in PostgreSQL (a secret, the same on every node); generated in
 * development
 * @param previousKeyEncryptionKeys with the database key store, while the key-encryption key is
 * changed: the earlier key-encryption keys (comma-separated, each as {@code keyEncryptionKey}),
 * so that the private keys still encrypted under one of them are read and re-encrypted under
 * {@code keyEncryptionKey}; empty otherwise
 * @param keyActivationDelay with the database key store: how long a new key is published before it
 * signs, so that every node and every verifier caching the JWKS knows it first
 * @param keyReloadInterval with the database key store: how often each node reads the key set
 * from PostgreSQL
 */
@ConfigurationProperties("nexus.token")
public record TokenProperties(@Nullable String issuer, @DefaultValue("nexus") String audience,
		@DefaultValue("15m") Duration accessTokenLifetime, @DefaultValue("7d") Duration refreshTokenLifetime,
		@Nullable String signingKeys,
		@Nullable Path signingKeysFile, @Nullable String refreshTokenSecret,
		@DefaultValue("10s") Duration refreshGracePeriod, @DefaultValue("configuration") KeyStore keyStore,
		@Nullable String keyEncryptionKey, @Nullable String previousKeyEncryptionKeys, @DefaultValue("10m") Duration keyActivationDelay,
		@DefaultValue("5s") Duration keyReloadInterval) {

	public TokenProperties {
		if (refreshGracePeriod.isNegative() || refreshGracePeriod.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					"nexus.token.refresh-grace-period must be between 0 and 1 minute, got " + refreshGracePeriod);
		}
		if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()
				|| accessTokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException(
					"nexus.token.access-token-lifetime must be between 1 second and 1 hour, got " + accessTokenLifetime);
		}
		if (refreshTokenLifetime.compareTo(Duration.ofDays(7)) < 0
				|| refreshTokenLifetime.compareTo(Duration.ofDays(30)) > 0) {
			throw new IllegalArgumentException(
					"nexus.token.refresh-token-lifetime must be between 7 and 30 days, got " + refreshTokenLifetime);
		}
		if (keyActivationDelay.isNegative() || keyActivationDelay.compareTo(Duration.ofDays(7)) > 0) {
			throw new IllegalArgumentException(
					"nexus.token.key-activation-delay must be between 0 and 7 days, got " + keyActivationDelay);
		}
		if (keyReloadInterval.compareTo(Duration.ofMillis(100)) < 0
				|| keyReloadInterval.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					"nexus.token.key-reload-interval must be between 100ms and 1 minute, got " + keyReloadInterval);
		}
	}

	/** Where the signing keys live. */
	public enum KeyStore {

		/** The configured JWK set ({@code signingKeys} or {@code signingKeysFile}); rotated by editing it. */
		CONFIGURATION,

		/** PostgreSQL, private keys encrypted; rotated through the administration API without restarts. */
		DATABASE
	}
}
