package nexus.iam.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/** Internal administration: a user's groups (the service token authenticates these calls). */
@RestController
final class AdminGroupsController {

	private final IdentityService identities;

	AdminGroupsController(IdentityService identities) {
		this.identities = identities;
	}

	@GetMapping("/api/admin/users/{userId}/groups")
	ResponseEntity<Map<String, Object>> groups(@PathVariable UUID userId) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("user_id", userId, "groups", this.identities.groups(userId)));
	}

	/** Replaces the user's groups: {@code {"groups": ["admins", "grafana-editors"]}}. */
	@PutMapping("/api/admin/users/{userId}/groups")
	ResponseEntity<Map<String, Object>> replace(@PathVariable UUID userId, @RequestBody Map<String, Object> body) {
		if (!(body.get("groups") instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "groups must be a list of group names");
		}
		List<String> groups = this.identities.replaceGroups(userId, list.stream().map(String.class::cast).toList());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("user_id", userId, "groups", groups));
	}
}
