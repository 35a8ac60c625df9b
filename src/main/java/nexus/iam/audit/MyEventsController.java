package nexus.iam.audit;

import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.VerifiedAccessToken;

/** {@code GET /api/me/events}: the signed-in user's own recent security events. */
@RestController
final class MyEventsController {

	static final int MAX_LIMIT = 100;

	private final AuditLog audit;

	MyEventsController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/api/me/events")
	ResponseEntity<Map<String, Object>> events(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestParam(defaultValue = "50") String limit) {
		List<EventResponse> events = this.audit.recentForUser(token.userId(), parseLimit(limit))
			.stream()
			.map(EventResponse::of)
			.toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("events", events));
	}

	private static int parseLimit(String limit) {
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new ProblemException(ErrorCode.INVALID_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT);
	}
}
