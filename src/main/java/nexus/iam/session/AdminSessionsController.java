package nexus.iam.session;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Internal administration: revoke everything a user holds after a security event. */
@RestController
final class AdminSessionsController {

	private final SessionService sessions;

	AdminSessionsController(SessionService sessions) {
		this.sessions = sessions;
	}

	@PostMapping("/api/admin/users/{userId}/revoke-all")
	ResponseEntity<Map<String, Object>> revokeAll(@PathVariable UUID userId, HttpServletRequest request) {
		int revoked = this.sessions.revokeAll(userId, SessionEndReason.SECURITY_EVENT, ClientContexts.of(request));
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("user_id", userId, "revoked_sessions", revoked));
	}
}
