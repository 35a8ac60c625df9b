package nexus.iam.authserver;

import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import nexus.iam.token.SigningKeys;

/**
 * Signs the provider's tokens with Nexus's own signing keys: ES256, the key active at the moment,
 * its kid in the header. Whatever algorithm the caller asked for, ES256 is what the keys are and
 * what discovery announces.
 */
final class SigningKeyJwtEncoder implements JwtEncoder {

	private final SigningKeys keys;

	private final Clock clock;

	SigningKeyJwtEncoder(SigningKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		JwsHeader header = parameters.getJwsHeader();
		Object type = (header != null) ? header.getType() : null;
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
		parameters.getClaims().getClaims().forEach((name, value) -> claims.claim(name, plain(value)));
		SignedJWT jwt = this.keys.sign(claims.build(), (type != null) ? new JOSEObjectType(type.toString()) : null,
				this.clock.instant());
		Map<String, Object> headers = jwt.getHeader().toJSONObject();
		return new Jwt(jwt.serialize(), parameters.getClaims().getIssuedAt(), parameters.getClaims().getExpiresAt(),
				headers, parameters.getClaims().getClaims());
	}

	/** What Nimbus serializes as JSON: times as dates (seconds), URLs as text, collections as lists. */
	private static Object plain(Object value) {
		return switch (value) {
			case Instant instant -> Date.from(instant);
			case URL url -> url.toString();
			case Collection<?> collection -> List.copyOf(collection);
			default -> value;
		};
	}
}
