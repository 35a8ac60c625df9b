package nexus.iam.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;

/** Builds the token services of the running application for benchmarks, with the same settings. */
public final class BenchTokens {

	private BenchTokens() {
	}

	public static AccessTokenService accessTokenService() {
		return new AccessTokenService(new SigningKeys(new JWKSet(SigningKeys.generate())), "https://iam.nexus.bench",
				"nexus", Duration.ofMinutes(15), Clock.systemUTC());
	}

	public static String issue(AccessTokenService service) {
		return service.issue(UUID.randomUUID(), UUID.randomUUID(), List.of("google")).value();
	}

	/** The full signature and claims check, bypassing the cache of verified tokens. */
	public static VerifiedAccessToken verifyUncached(AccessTokenService service, String token) {
		return service.verifyUncached(token);
	}

	public static RefreshTokenValues refreshTokenValues() {
		return new RefreshTokenValues("bench-secret-bench-secret-bench-secret".getBytes());
	}
}
