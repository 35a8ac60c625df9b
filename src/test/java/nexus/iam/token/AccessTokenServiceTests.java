package nexus.iam.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import nexus.iam.token.AccessTokenRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Issuing and verifying access tokens, and every forgery the verifier must refuse. */
class AccessTokenServiceTests {

	private static final String ISSUER = "https://iam.nexus.test";

	private static final String AUDIENCE = "nexus";

	private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	private final ECKey key = SigningKeys.generate();

	private final SigningKeys keys = new SigningKeys(new JWKSet(this.key));

	private final AccessTokenService service = service(Clock.fixed(NOW, ZoneOffset.UTC));

	private final UUID userId = UUID.randomUUID();

	private final UUID sessionId = UUID.randomUUID();

	@Test
	void issueThenVerifyReturnsTheClaims() throws Exception {
		AccessTokenService.IssuedAccessToken issued = this.service.issue(this.userId, this.sessionId, List.of("google"));

		VerifiedAccessToken verified = this.service.verify(issued.value());

		assertThat(verified.userId()).isEqualTo(this.userId);
		assertThat(verified.sessionId()).isEqualTo(this.sessionId);
		assertThat(verified.jti()).isEqualTo(issued.jti());
		assertThat(verified.amr()).containsExactly("google");
		assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
		SignedJWT jwt = SignedJWT.parse(issued.value());
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.key.getKeyID());
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(jwt.getJWTClaimsSet().getClaims()).containsKeys("iss", "aud", "sub", "sid", "jti", "iat", "exp", "amr");
	}

	@Test
	void issuedTokenVerifiesWithAPlainNimbusVerifierAndThePublishedKey() throws Exception {
		String token = this.service.issue(this.userId, this.sessionId, List.of("dev")).value();
		ECKey published = (ECKey) JWKSet.parse(this.keys.publicJson()).getKeyByKeyId(this.key.getKeyID());

		assertThat(published.isPrivate()).isFalse();
		assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(published))).isTrue();
	}

	@Test
	void verifyWhenAlgNoneThenBadSignature() {
		String token = new PlainJWT(validClaims().build()).serialize();
		assertRejected(token, Reason.BAD_SIGNATURE);
	}

	@Test
	void verifyWhenHs256SignedWithThePublicKeyThenBadSignature() throws Exception {
		// the classic key-confusion attack: HMAC keyed with the bytes of the public key
		byte[] publicKeyBytes = this.key.toPublicJWK().toJSONString().getBytes();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.key.getKeyID())
			.type(AccessTokenService.TYPE)
			.build(), validClaims().build());
		jwt.sign(new MACSigner(java.util.Arrays.copyOf(publicKeyBytes, 64)));
		assertRejected(jwt.serialize(), Reason.BAD_SIGNATURE);
	}

	@Test
	void verifyWhenUnknownKidThenBadSignature() throws Exception {
		assertRejected(sign(SigningKeys.generate(), validClaims().build(), AccessTokenService.TYPE), Reason.BAD_SIGNATURE);
	}

	@Test
	void verifyWhenSignedByAnotherKeyUnderOurKidThenBadSignature() throws Exception {
		ECKey impostor = new ECKey.Builder(SigningKeys.generate()).keyID(this.key.getKeyID()).build();
		assertRejected(sign(impostor, validClaims().build(), AccessTokenService.TYPE), Reason.BAD_SIGNATURE);
	}

	@Test
	void verifyWhenExpiredThenExpired() {
		String token = service(Clock.fixed(NOW.minus(Duration.ofMinutes(20)), ZoneOffset.UTC))
			.issue(this.userId, this.sessionId, List.of("google"))
			.value();
		assertRejected(token, Reason.EXPIRED);
	}

	@Test
	void verifyWhenPayloadTamperedThenBadSignature() throws Exception {
		String token = this.service.issue(this.userId, this.sessionId, List.of("google")).value();
		String[] parts = token.split("\\.");
		JWTClaimsSet tampered = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
			.subject(UUID.randomUUID().toString())
			.build();
		String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered.toString().getBytes());
		assertRejected(parts[0] + "." + payload + "." + parts[2], Reason.BAD_SIGNATURE);
	}

	@Test
	void verifyWhenWrongIssuerThenInvalidClaims() throws Exception {
		assertRejected(sign(this.key, validClaims().issuer("https://evil.example").build(), AccessTokenService.TYPE),
				Reason.INVALID_CLAIMS);
	}

	@Test
	void verifyWhenWrongAudienceThenInvalidClaims() throws Exception {
		assertRejected(sign(this.key, validClaims().audience("another-service").build(), AccessTokenService.TYPE),
				Reason.INVALID_CLAIMS);
	}

	@Test
	void verifyWhenSessionIdMissingThenInvalidClaims() throws Exception {
		assertRejected(sign(this.key, validClaims().claim("sid", null).build(), AccessTokenService.TYPE),
				Reason.INVALID_CLAIMS);
	}

	@Test
	void verifyWhenNotAnAccessTokenTypeThenRejected() throws Exception {
		// e.g. an ID token of ours or any other JWT signed with the same key
		assertThatExceptionOfType(AccessTokenRejectedException.class)
			.isThrownBy(() -> this.service.verify(sign(this.key, validClaims().build(), JOSEObjectType.JWT)));
	}

	@Test
	void verifyWhenGarbageThenMalformed() {
		assertRejected("not.a.jwt", Reason.MALFORMED);
		assertRejected("", Reason.MALFORMED);
	}

	@Test
	void verifyWhenOldKeyStillInTheSetThenAccepted() throws Exception {
		ECKey next = SigningKeys.generate();
		AccessTokenService rotated = new AccessTokenService(new SigningKeys(new JWKSet(List.of(next, this.key))), ISSUER,
				AUDIENCE, Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));
		String oldToken = this.service.issue(this.userId, this.sessionId, List.of("google")).value();
		String newToken = rotated.issue(this.userId, this.sessionId, List.of("google")).value();

		assertThat(rotated.verify(oldToken).userId()).isEqualTo(this.userId);
		assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(next.getKeyID());
	}

	@Test
	void verifyWhenCachedTokenExpiresThenExpired() {
		MovableClock clock = new MovableClock(NOW);
		AccessTokenService cached = service(clock);
		String token = cached.issue(this.userId, this.sessionId, List.of("google")).value();
		assertThat(cached.verify(token).userId()).isEqualTo(this.userId);

		clock.now = NOW.plus(Duration.ofMinutes(16));

		assertThatExceptionOfType(AccessTokenRejectedException.class).isThrownBy(() -> cached.verify(token))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED));
	}

	@Test
	void verifyWhenCachedTokenTamperedThenStillChecked() throws Exception {
		String token = this.service.issue(this.userId, this.sessionId, List.of("google")).value();
		this.service.verify(token);
		String[] parts = token.split("\\.");
		JWTClaimsSet other = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
			.subject(UUID.randomUUID().toString())
			.build();
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(other.toString().getBytes())
				+ "." + parts[2];
		assertRejected(forged, Reason.BAD_SIGNATURE);
	}

	@Test
	void issueWhenNextKeyActivatesThenSignsWithItFromThatInstant() throws Exception {
		ECKey next = SigningKeys.generate();
		Instant activation = NOW.plus(Duration.ofMinutes(10));
		SigningKeys set = rotating(next, activation);
		MovableClock clock = new MovableClock(activation.minusMillis(1));
		AccessTokenService service = new AccessTokenService(set, ISSUER, AUDIENCE, Duration.ofMinutes(15), clock);

		String before = service.issue(this.userId, this.sessionId, List.of("google")).value();
		clock.now = activation;
		String after = service.issue(this.userId, this.sessionId, List.of("google")).value();

		assertThat(SignedJWT.parse(before).getHeader().getKeyID()).isEqualTo(this.key.getKeyID());
		assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(next.getKeyID());
		assertThat(service.verify(before).userId()).isEqualTo(this.userId);
		assertThat(service.verify(after).userId()).isEqualTo(this.userId);
		assertThat(publishedKids(set.publicJson())).containsExactlyInAnyOrder(this.key.getKeyID(), next.getKeyID());
	}

	@Test
	void verifyWhenSignedByAKeyNotActiveYetThenAccepted() throws Exception {
		// a node whose clock is ahead already signs with it
		ECKey next = SigningKeys.generate();
		AccessTokenService service = new AccessTokenService(rotating(next, NOW.plus(Duration.ofMinutes(10))), ISSUER,
				AUDIENCE, Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(service.verify(sign(next, validClaims().build(), AccessTokenService.TYPE)).userId())
			.isEqualTo(this.userId);
	}

	@Test
	void verifyWhenKeyRetiredThenItsCachedTokensAreRejected() {
		ECKey next = SigningKeys.generate();
		SigningKeys set = rotating(next, NOW.minus(Duration.ofMinutes(1)));
		AccessTokenService service = new AccessTokenService(set, ISSUER, AUDIENCE, Duration.ofMinutes(15),
				Clock.fixed(NOW, ZoneOffset.UTC));
		String old = this.service.issue(this.userId, this.sessionId, List.of("google")).value();
		String current = service.issue(this.userId, this.sessionId, List.of("google")).value();
		assertThat(service.verify(old).userId()).isEqualTo(this.userId);

		set.replace(List.of(new SigningKeys.Key(next, NOW.minus(Duration.ofMinutes(1)))));

		assertThatExceptionOfType(AccessTokenRejectedException.class).isThrownBy(() -> service.verify(old))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_SIGNATURE));
		assertThat(service.verify(current).userId()).as("the remaining key's tokens verify").isEqualTo(this.userId);
		assertThat(set.publicJson()).doesNotContain(this.key.getKeyID());
	}

	@Test
	void replaceWhenNoKeyCanSignThenRefused() {
		SigningKeys set = rotating(SigningKeys.generate(), NOW);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> set.replace(List.of(new SigningKeys.Key(this.key.toPublicJWK(), NOW))));
		assertThat(set.kids()).hasSize(2);
	}

	private SigningKeys rotating(ECKey next, Instant activation) {
		SigningKeys set = new SigningKeys(new JWKSet(this.key));
		set.replace(List.of(new SigningKeys.Key(this.key, NOW.minus(Duration.ofDays(1))),
				new SigningKeys.Key(next, activation)));
		return set;
	}

	private static List<String> publishedKids(String jwks) throws Exception {
		return JWKSet.parse(jwks).getKeys().stream().map(com.nimbusds.jose.jwk.JWK::getKeyID).toList();
	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	}

	private AccessTokenService service(Clock clock) {
		return new AccessTokenService(this.keys, ISSUER, AUDIENCE, Duration.ofMinutes(15), clock);
	}

	private JWTClaimsSet.Builder validClaims() {
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.subject(this.userId.toString())
			.claim("sid", this.sessionId.toString())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(NOW))
			.expirationTime(Date.from(NOW.plusSeconds(900)))
			.claim("amr", List.of("google"));
	}

	private static String sign(ECKey key, JWTClaimsSet claims, JOSEObjectType type) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build(),
				claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	private void assertRejected(String token, Reason reason) {
		assertThatExceptionOfType(AccessTokenRejectedException.class).isThrownBy(() -> this.service.verify(token))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}
}
