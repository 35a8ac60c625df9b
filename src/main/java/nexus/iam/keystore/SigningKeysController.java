package nexus.iam.keystore;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.keystore.SigningKeyService.Caller;
import nexus.iam.keystore.SigningKeyService.Listing;

/**
 * Internal administration of the signing keys (service token, like all of {@code /api/admin/**}):
 * list them, rotate to a new one, retire an old one, re-encrypt them under a new key-encryption key.
 */
@RestController
final class SigningKeysController {

	private final SigningKeyService keys;

	SigningKeysController(SigningKeyService keys) {
		this.keys = keys;
	}

	@GetMapping("/api/admin/signing-keys")
	ResponseEntity<Listing> list() {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.keys.list());
	}

	@PostMapping("/api/admin/signing-keys/rotate")
	ResponseEntity<SigningKeyView> rotate(@RequestParam(defaultValue = "false") boolean immediate,
			HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(this.keys.rotate(immediate, caller(request)));
	}

	@PostMapping("/api/admin/signing-keys/{kid}/retire")
	ResponseEntity<SigningKeyView> retire(@PathVariable String kid, @RequestParam(defaultValue = "false") boolean force,
			HttpServletRequest request) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(this.keys.retire(kid, force, caller(request)));
	}

	@PostMapping("/api/admin/signing-keys/re-encrypt")
	ResponseEntity<SigningKeySync.ReEncryption> reEncrypt(HttpServletRequest request) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.keys.reEncrypt(caller(request)));
	}

	// the client address as web's TrustedProxyFilter corrected it
	private static Caller caller(HttpServletRequest request) {
		return new Caller(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
	}
}
