package nexus.iam.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import nexus.iam.token.SigningKeys.Key;

/**
 * One immutable state of the key set: the keys that can sign, each from its activation instant,
 * and the public keys that verify. A new state replaces the whole object, so that a reader never
 * sees half of a change, and a verification made under one state can tell that the state changed.
 */
final class KeySet {

	private final List<Signer> signers;

	private final JWKSet publicKeys;

	private final String publicJson;

	KeySet(List<Key> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("the signing key set is empty");
		}
		Set<String> kids = new HashSet<>();
		List<Signer> signers = new ArrayList<>();
		List<JWK> publicKeys = new ArrayList<>();
		for (Key key : keys) {
			ECKey jwk = key.jwk();
			if (!Curve.P_256.equals(jwk.getCurve()) || jwk.getKeyID() == null) {
				throw new IllegalArgumentException("every signing key must be an EC P-256 key with a kid");
			}
			if (!kids.add(jwk.getKeyID())) {
				throw new IllegalArgumentException("the kid " + jwk.getKeyID() + " occurs twice in the signing key set");
			}
			if (jwk.isPrivate()) {
				signers.add(new Signer(jwk.getKeyID(), key.activatesAt(), signer(jwk)));
			}
			publicKeys.add(jwk.toPublicJWK());
		}
		if (signers.isEmpty()) {
			throw new IllegalArgumentException("no key of the signing key set includes its private part");
		}
		// newest activation first; on a tie the earlier key in the list wins
		signers.sort(Comparator.comparing(Signer::activatesAt).reversed());
		this.signers = List.copyOf(signers);
		this.publicKeys = new JWKSet(publicKeys);
		this.publicJson = this.publicKeys.toString(true);
	}

	/**
	 * The key that signs at {@code now}: the newest one whose activation has come. Before any has
	 * come (a node whose clock is a little behind the one that created the first key), the
	 * earliest one, since nothing else could sign.
	 */
	Signer signerAt(Instant now) {
		for (Signer signer : this.signers) {
			if (!signer.activatesAt().isAfter(now)) {
				return signer;
			}
		}
		return this.signers.getLast();
	}

	/** Every key that verifies: public parts only. */
	JWKSet publicKeys() {
		return this.publicKeys;
	}

	String publicJson() {
		return this.publicJson;
	}

	private static ECDSASigner signer(ECKey key) {
		try {
			return new ECDSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("the signing key " + key.getKeyID() + " cannot sign", ex);
		}
	}

	/** A key that can sign, from {@code activatesAt}. */
	record Signer(String kid, Instant activatesAt, ECDSASigner signer) {
	}
}
