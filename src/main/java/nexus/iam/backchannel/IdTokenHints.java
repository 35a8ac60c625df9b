package nexus.iam.backchannel;

import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import nexus.iam.token.SignedJwts;

/**
 * Verifies the {@code id_token_hint} of an end-session request (RP-Initiated Logout 1.0, §2):
 * an ID token that Nexus issued, i.e. signed by one of its current keys and with its issuer. An
 * expired one is accepted, as the specification allows (an application often asks to sign out
 * after its ID token has run out); Nexus's other JWTs signed with the same keys (access tokens,
 * logout tokens) are not ID tokens and are refused.
 */
final class IdTokenHints {

	/** The types of Nexus's other JWTs. */
	private static final Set<JOSEObjectType> NOT_ID_TOKENS = Set.of(new JOSEObjectType("at+jwt"), LogoutTokens.TYPE);

	private final SignedJwts jwts;

	private final String issuer;

	IdTokenHints(SignedJwts jwts, String issuer) {
		this.jwts = jwts;
		this.issuer = issuer;
	}

	/**
	 * @param userId its {@code sub}: the Nexus user id
	 * @param sessionId its {@code sid}: the Nexus session it was issued in, when it names one
	 * @param audience the client ids it was issued to
	 */
	record VerifiedHint(UUID userId, @Nullable UUID sessionId, List<String> audience) {
	}

	/** A hint that is not an ID token Nexus issued. */
	static final class InvalidHint extends RuntimeException {

		InvalidHint(String message) {
			super(message, null, false, false);
		}
	}

	VerifiedHint verify(String hint) {
		JWTClaimsSet claims;
		try {
			claims = this.jwts.verifySignature(hint);
			JOSEObjectType type = SignedJWT.parse(hint).getHeader().getType();
			if (type != null && NOT_ID_TOKENS.contains(type)) {
				throw new InvalidHint("a " + type + ", not an ID token");
			}
		}
		catch (SignedJwts.NotSignedByNexus ex) {
			throw new InvalidHint(ex.getMessage());
		}
		catch (ParseException ex) {
			throw new InvalidHint("not a JWT");
		}
		if (!this.issuer.equals(claims.getIssuer())) {
			throw new InvalidHint("another issuer");
		}
		List<String> audience = claims.getAudience();
		if (audience == null || audience.isEmpty()) {
			throw new InvalidHint("no audience");
		}
		try {
			String sid = claims.getStringClaim("sid");
			return new VerifiedHint(UUID.fromString(claims.getSubject()), (sid != null) ? UUID.fromString(sid) : null,
					List.copyOf(audience));
		}
		catch (ParseException | IllegalArgumentException | NullPointerException ex) {
			throw new InvalidHint("sub or sid is not a Nexus id");
		}
	}
}
