package nexus.iam.identity;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.VerifiedAccessToken;

/** The signed-in user's own profile. */
@RestController
final class MeController {

	private final IdentityService identities;

	MeController(IdentityService identities) {
		this.identities = identities;
	}

	@GetMapping("/api/me")
	ResponseEntity<MeResponse> me(@AuthenticationPrincipal VerifiedAccessToken token) {
		UserProfile profile = this.identities.profile(token.userId())
			// the token outlived its user (deleted account): the same answer as a bad token
			.orElseThrow(() -> new ProblemException(ErrorCode.INVALID_TOKEN));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(MeResponse.of(profile, token));
	}
}
