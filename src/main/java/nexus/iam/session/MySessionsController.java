package nexus.iam.session;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.token.AuthCookies;
import nexus.iam.token.VerifiedAccessToken;

/** The signed-in user's own sessions: where they are signed in, and signing those out. */
@RestController
final class MySessionsController {

	private final SessionService sessions;

	private final AuthCookies cookies;

	private final SessionApplications applications;

	MySessionsController(SessionService sessions, AuthCookies cookies, SessionApplications applications) {
		this.sessions = sessions;
		this.cookies = cookies;
		this.applications = applications;
	}

	@GetMapping("/api/me/sessions")
	ResponseEntity<Map<String, Object>> list(@AuthenticationPrincipal VerifiedAccessToken token) {
		List<SessionView> live = this.sessions.liveSessions(token.userId());
		Map<UUID, List<SignedInApplication>> signedIn = this.applications
			.shownFor(live.stream().map(SessionView::id).toList());
		List<SessionResponse> sessions = live.stream()
			.map((session) -> SessionResponse.of(session, token.sessionId(),
					signedIn.getOrDefault(session.id(), List.of())))
			.toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("sessions", sessions));
	}

	/** Someone else's session and an unknown one get the same 404: ids reveal nothing. */
	@DeleteMapping("/api/me/sessions/{id}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal VerifiedAccessToken token, @PathVariable String id,
			HttpServletRequest request) {
		UUID sessionId = parse(id);
		if (!this.sessions.revokeOwn(token.userId(), sessionId, token.sessionId(), ClientContexts.of(request))) {
			throw new ProblemException(ErrorCode.SESSION_NOT_FOUND);
		}
		HttpHeaders headers = new HttpHeaders();
		if (sessionId.equals(token.sessionId())) {
			this.cookies.clear(headers);
		}
		return ResponseEntity.noContent().headers(headers).cacheControl(CacheControl.noStore()).build();
	}

	@PostMapping("/api/me/sessions/revoke-all")
	ResponseEntity<Map<String, Object>> revokeAll(@AuthenticationPrincipal VerifiedAccessToken token,
			@RequestBody(required = false) @Nullable Map<String, Object> body, HttpServletRequest request) {
		boolean keepCurrent = keepCurrent(body);
		ClientContext client = ClientContexts.of(request);
		HttpHeaders headers = new HttpHeaders();
		int revoked;
		if (keepCurrent) {
			revoked = this.sessions.revokeAllExcept(token.userId(), token.sessionId(), client);
		}
		else {
			revoked = this.sessions.revokeAll(token.userId(), SessionEndReason.SIGN_OUT_EVERYWHERE, client);
			this.cookies.clear(headers);
		}
		return ResponseEntity.ok()
			.headers(headers)
			.cacheControl(CacheControl.noStore())
			.body(Map.of("revoked_sessions", revoked, "kept_current", keepCurrent));
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			// not an id at all: as unknown as any other
			throw new ProblemException(ErrorCode.SESSION_NOT_FOUND);
		}
	}

	/**
	 * {@code {"keep_current": true}} keeps the calling session. Anything else in the body is refused
	 * rather than ignored: a misspelt option would otherwise sign the caller out too.
	 */
	private static boolean keepCurrent(@Nullable Map<String, Object> body) {
		if (body == null || body.isEmpty()) {
			return false;
		}
		if (!body.keySet().equals(java.util.Set.of("keep_current")) || !(body.get("keep_current") instanceof Boolean keep)) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "The body may hold only \"keep_current\": true or false");
		}
		return keep;
	}
}
