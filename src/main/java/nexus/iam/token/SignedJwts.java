package nexus.iam.token;

import java.text.ParseException;
import java.time.Clock;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * JWTs other than access tokens signed with Nexus's signing keys (the keys of
 * {@code /.well-known/jwks.json}, so key rotation covers them too), such as OpenID Connect
 * logout tokens, and the signature check of JWTs Nexus issued that come back to it (an
 * {@code id_token_hint}). Only ES256, the algorithm of Nexus's keys.
 */
public final class SignedJwts {

	private final SigningKeys keys;

	private final Clock clock;

	SignedJwts(SigningKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** Signs the claims with the key that signs now, its {@code kid} and the given {@code typ} in the header. */
	public String sign(JOSEObjectType type, JWTClaimsSet claims) {
		KeySet.Signer signer = this.keys.current().signerAt(this.clock.instant());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.kid()).type(type).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing a " + type + " failed", ex);
		}
		return jwt.serialize();
	}

	/**
	 * The claims of a JWT whose ES256 signature one of the current keys made; nothing else is
	 * checked (not its type, issuer or times: that is the caller's business).
	 * @throws NotSignedByNexus when it is not a compact JWS, not ES256, names no
	 * current key or its signature does not verify
	 */
	public JWTClaimsSet verifySignature(String jwt) {
		if (!CompactSerialization.isCanonicalJws(jwt)) {
			throw new NotSignedByNexus("not canonical base64url");
		}
		SignedJWT parsed;
		try {
			parsed = SignedJWT.parse(jwt);
		}
		catch (ParseException ex) {
			throw new NotSignedByNexus("not a JWT");
		}
		if (!JWSAlgorithm.ES256.equals(parsed.getHeader().getAlgorithm()) || parsed.getHeader().getKeyID() == null) {
			throw new NotSignedByNexus("not ES256 with a key id");
		}
		JWK key = this.keys.current().publicKeys().getKeyByKeyId(parsed.getHeader().getKeyID());
		try {
			if (!(key instanceof ECKey ec) || !parsed.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
				throw new NotSignedByNexus("no current key made this signature");
			}
			return parsed.getJWTClaimsSet();
		}
		catch (JOSEException | ParseException ex) {
			throw new NotSignedByNexus(ex.getMessage());
		}
	}

	/** A JWT that none of Nexus's current keys signed, or no JWT at all. */
	public static final class NotSignedByNexus extends RuntimeException {

		NotSignedByNexus(String message) {
			super(message, null, false, false);
		}
	}
}
