package nexus.iam.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.identity.IdentityService;
import nexus.iam.identity.UserProfile;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.session.ClientContexts;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.VerifiedAccessToken;

/** The signed-in user's sign-in methods; {@code POST /api/me/identities} (linking) lives with sign-in. */
@RestController
final class MyIdentitiesController {

	private final IdentityService identities;

	private final IdentityUnlinking unlinking;

	private final AuthCookies cookies;

	MyIdentitiesController(IdentityService identities, IdentityUnlinking unlinking, AuthCookies cookies) {
		this.identities = identities;
		this.unlinking = unlinking;
		this.cookies = cookies;
	}

	@GetMapping("/api/me/identities")
	ResponseEntity<Map<String, Object>> list(@AuthenticationPrincipal VerifiedAccessToken token) {
		UserProfile profile = this.identities.profile(token.userId())
			.orElseThrow(() -> new ProblemException(ErrorCode.INVALID_TOKEN));
		List<IdentityResponse> identities = profile.identities().stream().map(IdentityResponse::of).toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("identities", identities));
	}

	/**
	 * Someone else's identity and an unknown one get the same 404; the last one 409. The sessions
	 * signed in with the identity end; when the caller's is one of them, its cookies are cleared
	 * as by a sign-out, and the answer says so.
	 */
	@DeleteMapping("/api/me/identities/{id}")
	ResponseEntity<Map<String, Object>> unlink(@AuthenticationPrincipal VerifiedAccessToken token,
			@PathVariable String id, HttpServletRequest request) {
		UUID identityId;
		try {
			identityId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ProblemException(ErrorCode.IDENTITY_NOT_FOUND);
		}
		IdentityUnlinking.Unlinked unlinked = this.unlinking.unlink(token.userId(), identityId, token.sessionId(),
				ClientContexts.of(request));
		HttpHeaders headers = new HttpHeaders();
		if (unlinked.currentSessionRevoked()) {
			this.cookies.clear(headers);
		}
		return ResponseEntity.ok()
			.headers(headers)
			.cacheControl(CacheControl.noStore())
			.body(Map.of("revoked_sessions", unlinked.revokedSessions(), "current_session_revoked",
					unlinked.currentSessionRevoked()));
	}

	record IdentityResponse(UUID id, String provider, @Nullable String email,
			@JsonProperty("email_verified") boolean emailVerified, @JsonProperty("linked_at") Instant linkedAt,
			@JsonProperty("last_sign_in_at") @Nullable Instant lastSignInAt) {

		static IdentityResponse of(UserProfile.LinkedIdentity identity) {
			return new IdentityResponse(identity.id(), identity.provider(), identity.email(), identity.emailVerified(),
					identity.linkedAt(), identity.lastSignInAt());
		}
	}
}
