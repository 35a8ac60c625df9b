package nexus.iam.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import nexus.iam.token.AccessTokenRejectedException.Reason;

/**
 * Issues and verifies access tokens: ES256 JWTs of type {@code at+jwt} (RFC 9068) with
 * {@code iss}, {@code aud}, {@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code exp} and
 * {@code amr}. Verification accepts ES256 only, so {@code alg: none} and HMAC tokens signed with
 * the public key are refused before any key is looked at.
 *
 * <p>Each token is signed by the key that is active at that moment and verified against the keys
 * of the set at that moment (see {@link SigningKeys}): a key that leaves the set stops verifying
 * at once, cached verifications included.
 */
public final class AccessTokenService {

	static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

	/** Tolerance for clocks that differ between the issuing node and a verifying one. */
	public static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofSeconds(30);

	private static final int VERIFIED_CACHE_SIZE = 20_000;

	private final SigningKeys keys;

	private final DefaultJWTProcessor<KeySetContext> processor;

	private final String issuer;

	private final String audience;

	private final java.time.Duration lifetime;

	private final Clock clock;

	/**
	 * Tokens that verified, by their exact text: a client presents the same token for its whole
	 * lifetime, and an ES256 verification costs far more than a look-up (see docs/performance.md).
	 * Any change to a token changes the key, so a hit is as good as a verification; expiry is
	 * still checked on every hit, and revocation is checked by the caller on every request. A hit
	 * counts only under the key set it was verified with: after any change of the set (a key
	 * retired) the token is verified again, so a removed key's tokens are refused at once.
	 */
	private final Cache<String, Verified> verified;

	AccessTokenService(SigningKeys keys, String issuer, String audience, java.time.Duration lifetime, Clock clock) {
		this.keys = keys;
		this.issuer = issuer;
		this.audience = audience;
		this.lifetime = lifetime;
		this.clock = clock;
		this.processor = new DefaultJWTProcessor<>();
		this.processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
		// the keys of the set the verification started with, handed over in the context
		JWKSource<KeySetContext> source = (selector, context) -> selector.select(context.keys().publicKeys());
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
		DefaultJWTClaimsVerifier<KeySetContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(audience),
				new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "sid", "jti", "iat", "exp"), null) {
			@Override
			protected Date currentTime() {
				return Date.from(AccessTokenService.this.clock.instant());
			}
		};
		claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
		this.processor.setJWTClaimsSetVerifier(claims);
		this.verified = Caffeine.newBuilder()
			.maximumSize(VERIFIED_CACHE_SIZE)
			.expireAfterWrite(lifetime.plus(CLOCK_SKEW))
			.build();
	}

	/** Signs a new access token for a session. */
	public IssuedAccessToken issue(UUID userId, UUID sessionId, List<String> amr) {
		return issue(userId, sessionId, amr, UUID.randomUUID().toString(), this.clock.instant());
	}

	/**
	 * Signs an access token with a given id and issue time: a refresh retried inside the grace
	 * window gets the token it was first given (same claims), not a second one.
	 */
	public IssuedAccessToken issue(UUID userId, UUID sessionId, List<String> amr, String jti, Instant issuedAt) {
		Instant now = Instant.ofEpochSecond(issuedAt.getEpochSecond());
		Instant expiresAt = now.plus(this.lifetime);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(this.audience)
			.subject(userId.toString())
			.claim("sid", sessionId.toString())
			.jwtID(jti)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expiresAt))
			.claim("amr", amr)
			.build();
		KeySet.Signer signer = this.keys.current().signerAt(this.clock.instant());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.kid()).type(TYPE).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing an access token failed", ex);
		}
		return new IssuedAccessToken(jwt.serialize(), jti, expiresAt);
	}

	/**
	 * Checks signature, type and claims.
	 * @throws AccessTokenRejectedException naming the failed check
	 */
	public VerifiedAccessToken verify(String token) {
		KeySet keys = this.keys.current();
		Verified hit = this.verified.getIfPresent(token);
		if (hit != null) {
			if (hit.keys() == keys) {
				if (this.clock.instant().isAfter(hit.token().expiresAt().plus(CLOCK_SKEW))) {
					this.verified.invalidate(token);
					throw new AccessTokenRejectedException(Reason.EXPIRED, "expired");
				}
				return hit.token();
			}
			// verified under a key set that has changed since
			this.verified.invalidate(token);
		}
		VerifiedAccessToken result = verifyUncached(token, keys);
		this.verified.put(token, new Verified(result, keys));
		return result;
	}

	/** Signature, type and claims, every time. */
	VerifiedAccessToken verifyUncached(String token) {
		return verifyUncached(token, this.keys.current());
	}

	private VerifiedAccessToken verifyUncached(String token, KeySet keys) {
		if (!CompactSerialization.isCanonicalJws(token)) {
			// only cached after this check: a cache hit is a canonical spelling too
			throw new AccessTokenRejectedException(Reason.MALFORMED, "not canonical base64url");
		}
		JWTClaimsSet claims;
		try {
			claims = this.processor.process(token, new KeySetContext(keys));
		}
		catch (ParseException ex) {
			throw new AccessTokenRejectedException(Reason.MALFORMED, "not a JWT");
		}
		catch (ExpiredJWTException ex) {
			throw new AccessTokenRejectedException(Reason.EXPIRED, "expired");
		}
		catch (BadJWTException ex) {
			throw new AccessTokenRejectedException(Reason.INVALID_CLAIMS, ex.getMessage());
		}
		catch (BadJWSException ex) {
			throw new AccessTokenRejectedException(Reason.BAD_SIGNATURE, ex.getMessage());
		}
		catch (BadJOSEException | JOSEException ex) {
			// unsigned, wrong algorithm or type, unknown key
			throw new AccessTokenRejectedException(Reason.BAD_SIGNATURE, ex.getMessage());
		}
		try {
			return new VerifiedAccessToken(UUID.fromString(claims.getSubject()),
					UUID.fromString(claims.getStringClaim("sid")), claims.getJWTID(), amr(claims),
					claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
		}
		catch (ParseException | IllegalArgumentException ex) {
			throw new AccessTokenRejectedException(Reason.INVALID_CLAIMS, "malformed sub, sid or amr");
		}
	}

	private static List<String> amr(JWTClaimsSet claims) throws ParseException {
		List<String> amr = claims.getStringListClaim("amr");
		return (amr != null) ? List.copyOf(amr) : List.of();
	}

	/** A verification and the key set it was made with. */
	private record Verified(VerifiedAccessToken token, KeySet keys) {
	}

	/** Hands the key set a verification started with to the key selector. */
	private record KeySetContext(KeySet keys) implements SecurityContext {
	}

	/** A signed access token. */
	public record IssuedAccessToken(String value, String jti, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedAccessToken[jti=" + this.jti + ", expiresAt=" + this.expiresAt + "]";
		}
	}
}
