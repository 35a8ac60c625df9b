package nexus.iam.kratos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.kratos.KratosRegistrations.Registered;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * The Ory Kratos registration web-hook: Kratos calls it after it stored a new identity, and this
 * service creates the matching user. Authenticated by a shared secret in {@value #SECRET_HEADER},
 * compared in constant time; without a configured secret the endpoint answers 404.
 */
@RestController
final class KratosWebhookController {

	static final String PATH = "/api/webhooks/kratos/registration";

	static final String SECRET_HEADER = "X-Webhook-Secret";

	private static final Logger log = LoggerFactory.getLogger(KratosWebhookController.class);

	private final byte @Nullable [] secretHash;

	private final KratosRegistrations registrations;

	private final JsonMapper json;

	KratosWebhookController(KratosProperties properties, KratosRegistrations registrations, JsonMapper json) {
		this.secretHash = properties.webhookEnabled() ? sha256(properties.webhookSecret()) : null;
		this.registrations = registrations;
		this.json = json;
	}

	/** The answer: which user the identity belongs to, and whether this delivery created it. */
	record RegistrationResponse(@JsonProperty("user_id") UUID userId, boolean created) {
	}

	@PostMapping(PATH)
	ResponseEntity<RegistrationResponse> registration(
			@RequestHeader(name = SECRET_HEADER, required = false) @Nullable String secret,
			@RequestBody(required = false) byte @Nullable [] body) {
		if (this.secretHash == null) {
			throw new ProblemException(ErrorCode.NOT_FOUND);
		}
		// both sides hashed first, so that neither the content nor the length leaks through timing
		if (secret == null || !MessageDigest.isEqual(this.secretHash, sha256(secret))) {
			log.warn("Kratos web-hook refused: the {} header is {}", SECRET_HEADER, (secret == null) ? "missing" : "wrong");
			throw new ProblemException(ErrorCode.UNAUTHENTICATED, "The " + SECRET_HEADER + " header is missing or wrong");
		}
		KratosRegistration registration = KratosRegistration.parse(this.json, body);
		Registered user = this.registrations.register(registration);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new RegistrationResponse(user.userId(), user.created()));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}
}
