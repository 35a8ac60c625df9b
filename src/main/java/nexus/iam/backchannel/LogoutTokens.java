package nexus.iam.backchannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;

import nexus.iam.token.SignedJwts;

/**
 * Logout tokens (OpenID Connect Back-Channel Logout 1.0, §2.4): JWTs of type {@code logout+jwt}
 * signed with Nexus's current signing key, as its access and ID tokens are, so an application
 * verifies them with the keys it already fetches. Each carries both {@code sub} (the Nexus user id,
 * as in the ID token) and {@code sid} (the Nexus session id, the ID token's {@code sid}), the
 * back-channel logout event, and never a {@code nonce} (§2.4: so it cannot pass for an ID token).
 */
final class LogoutTokens {

	static final JOSEObjectType TYPE = new JOSEObjectType("logout+jwt");

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final SignedJwts jwts;

	private final String issuer;

	private final Duration lifetime;

	private final Clock clock;

	LogoutTokens(SignedJwts jwts, String issuer, Duration lifetime, Clock clock) {
		this.jwts = jwts;
		this.issuer = issuer;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** A new token, with a new {@code jti}: one per delivery attempt, so an application's replay check never refuses a retry. */
	String issue(String clientId, UUID userId, UUID sessionId) {
		return this.jwts.sign(TYPE,
				claims(this.issuer, clientId, userId, sessionId, this.clock.instant(), this.lifetime,
						UUID.randomUUID().toString()));
	}

	/** The claims of §2.4, whole seconds as JWT times have. */
	static JWTClaimsSet claims(String issuer, String clientId, UUID userId, UUID sessionId, Instant now,
			Duration lifetime, String jti) {
		Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(clientId)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(lifetime)))
			.jwtID(jti)
			.subject(userId.toString())
			.claim("sid", sessionId.toString())
			.claim("events", Map.of(EVENT, Map.of()))
			.build();
	}
}
