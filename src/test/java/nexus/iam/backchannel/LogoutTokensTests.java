package nexus.iam.backchannel;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contents of a logout token (OpenID Connect Back-Channel Logout 1.0, §2.4), without Spring. */
class LogoutTokensTests {

	private static final String ISSUER = "https://id.example.com";

	private static final UUID USER = UUID.fromString("2f0c7d1e-5b7a-4f2e-9a55-3a8d2b1c0e11");

	private static final UUID SESSION = UUID.fromString("9b1d4c3a-7e6f-4a2b-8c1d-0e9f8a7b6c5d");

	private static final Instant NOW = Instant.parse("2026-12-07T01:00:00.750Z");

	private final JWTClaimsSet claims = LogoutTokens.claims(ISSUER, "grafana", USER, SESSION, NOW,
			Duration.ofMinutes(2), "jti-1");

	@Test
	void claimsNameTheIssuerTheClientAsAudienceAndTheUserAndSession() throws Exception {
		assertThat(this.claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(this.claims.getAudience()).containsExactly("grafana");
		assertThat(this.claims.getSubject()).isEqualTo(USER.toString());
		assertThat(this.claims.getStringClaim("sid")).isEqualTo(SESSION.toString());
		assertThat(this.claims.getJWTID()).isEqualTo("jti-1");
	}

	@Test
	void claimsCarryTheBackchannelLogoutEventAsAnEmptyObject() throws Exception {
		Map<String, Object> events = this.claims.getJSONObjectClaim("events");
		assertThat(events).containsOnlyKeys("http://schemas.openid.net/event/backchannel-logout");
		assertThat(events.get("http://schemas.openid.net/event/backchannel-logout")).isEqualTo(Map.of());
	}

	@Test
	void claimsAreShortLivedInWholeSeconds() {
		assertThat(this.claims.getIssueTime()).isEqualTo(Date.from(Instant.parse("2026-12-07T01:00:00Z")));
		assertThat(this.claims.getExpirationTime()).isEqualTo(Date.from(Instant.parse("2026-12-07T01:02:00Z")));
	}

	@Test
	void claimsNeverCarryANonceSoTheTokenCannotPassForAnIdToken() {
		assertThat(this.claims.getClaims()).doesNotContainKey("nonce");
		assertThat(this.claims.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(
				List.of("iss", "aud", "iat", "exp", "jti", "sub", "sid", "events"));
	}

	@Test
	void typeIsLogoutJwt() {
		assertThat(LogoutTokens.TYPE.getType()).isEqualTo("logout+jwt");
	}
}
