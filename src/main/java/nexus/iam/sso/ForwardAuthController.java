package nexus.iam.sso;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nexus.iam.config.NexusProperties;
import nexus.iam.device.ClientRequests;
import nexus.iam.identity.IdentityService;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.problem.Problems;
import nexus.iam.sso.ForwardAuthDecision.Allow;
import nexus.iam.sso.ForwardAuthDecision.Deny;
import nexus.iam.sso.ForwardAuthDecision.SignIn;
import nexus.iam.sso.ForwardAuthDecision.StepUp;
import nexus.iam.sso.ForwardAuthPolicy.Member;
import nexus.iam.sso.ForwardAuthPolicy.UserLookup;
import nexus.iam.token.VerifiedAccessToken;

/**
 * {@code GET /api/auth/verify}: may this request reach the tool behind the proxy? The proxy asks
 * before forwarding, describing the original request in {@code X-Forwarded-Host}, {@code -Uri},
 * {@code -Method} and {@code -Proto} (believed from trusted proxies only); the user is whoever the
 * access-token cookie (shared across the tools' domain) says. {@link ForwardAuthPolicy} decides;
 * this maps its decision:
 * <ul>
 * <li>200 with the identity headers: allowed;
 * <li>not signed in: 401 for API clients; for browsers a redirect to sign in that comes back to
 * the tool (Traefik passes the 302 on; with {@code mode=auth-request}, for nginx, a 401 whose
 * {@code X-Auth-Redirect} header nginx turns into the redirect);
 * <li>one factor where two are required: likewise, towards the second-factor step-up;
 * <li>403: denied by the rule, or not in its groups.
 * </ul>
 */
@RestController
final class ForwardAuthController {

	static final String REDIRECT_HEADER = "X-Auth-Redirect";

	static final String STEP_UP_PATH = "/account/mfa/verify";

	private final ForwardAuthPolicy policy;

	private final UserLookup users;

	private final String publicUrl;

	ForwardAuthController(SsoProperties properties, IdentityService identities, NexusProperties nexus) {
		this.policy = new ForwardAuthPolicy(properties);
		this.users = (userId) -> identities.profile(userId)
			.map((profile) -> new Member(profile, identities.groups(userId)));
		this.publicUrl = nexus.publicUrl().toString().replaceAll("/+$", "");
	}

	@GetMapping("/api/auth/verify")
	ResponseEntity<?> verify(@AuthenticationPrincipal @Nullable VerifiedAccessToken token,
			@RequestParam(required = false) @Nullable String mode, HttpServletRequest request) {
		if (!ClientRequests.viaTrustedProxy(request)) {
			return problem(ErrorCode.FORBIDDEN, "Forward-auth answers trusted proxies only");
		}
		String host = hostOf(request.getHeader("X-Forwarded-Host"));
		String uri = headerOr(request, "X-Forwarded-Uri", "/");
		String proto = headerOr(request, "X-Forwarded-Proto", "https");
		if (host == null) {
			return problem(ErrorCode.BAD_REQUEST, "X-Forwarded-Host is missing");
		}
		String original = proto + "://" + request.getHeader("X-Forwarded-Host") + uri;
		boolean nginx = "auth-request".equals(mode);
		return switch (this.policy.decide(host, pathOf(uri), token, this.users)) {
			case Allow allow -> {
				HttpHeaders identity = new HttpHeaders();
				allow.headers().forEach(identity::set);
				yield ResponseEntity.ok().headers(identity).cacheControl(CacheControl.noStore()).build();
			}
			case SignIn signIn -> sendTo(this.publicUrl + "/?return_to=" + encode(original), ErrorCode.UNAUTHENTICATED,
					nginx, request);
			case StepUp stepUp -> sendTo(this.publicUrl + STEP_UP_PATH + "?rd=" + encode(original),
					ErrorCode.SECOND_FACTOR_REQUIRED, nginx, request);
			case Deny deny -> problem(deny.code(), deny.detail());
		};
	}

	/** A browser is sent on (Traefik) or told where to go (nginx); an API client gets the 401. */
	private static ResponseEntity<?> sendTo(String location, ErrorCode code, boolean nginx, HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		boolean browser = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
		if (browser && !nginx) {
			return ResponseEntity.status(HttpStatus.FOUND)
				.header(HttpHeaders.LOCATION, location)
				.cacheControl(CacheControl.noStore())
				.build();
		}
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (browser) {
			answer.header(REDIRECT_HEADER, location);
		}
		return answer.body(Problems.of(code));
	}

	/** Through the service's problem handling: problem+json, or the error page for a browser. */
	private static ResponseEntity<?> problem(ErrorCode code, String detail) {
		throw new ProblemException(code, detail);
	}

	private static @Nullable String hostOf(@Nullable String forwardedHost) {
		if (forwardedHost == null || forwardedHost.isBlank()) {
			return null;
		}
		String host = forwardedHost.split(",")[0].strip();
		int colon = host.lastIndexOf(':');
		return (colon > 0 && host.indexOf(']') < colon) ? host.substring(0, colon) : host;
	}

	private static String pathOf(String uri) {
		int query = uri.indexOf('?');
		return (query >= 0) ? uri.substring(0, query) : uri;
	}

	private static String headerOr(HttpServletRequest request, String name, String fallback) {
		String value = request.getHeader(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
