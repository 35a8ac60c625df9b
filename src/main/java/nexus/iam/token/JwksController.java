package nexus.iam.token;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the public signing keys (RFC 7517) so that other services verify tokens offline: every
 * key of the current set, the one waiting for its activation and the previous ones included.
 */
@RestController
final class JwksController {

	private static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

	private final SigningKeys keys;

	JwksController(SigningKeys keys) {
		this.keys = keys;
	}

	@GetMapping(path = "/.well-known/jwks.json")
	ResponseEntity<String> jwks() {
		return ResponseEntity.ok()
			.contentType(JWK_SET)
			.cacheControl(CacheControl.maxAge(SigningKeys.JWKS_MAX_AGE).cachePublic())
			.body(this.keys.publicJson());
	}
}
