package nexus.iam.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.device.ClientRequests;
import nexus.iam.observability.LogFields;
import nexus.iam.surface.KnownUsers;
import nexus.iam.token.VerifiedAccessToken;

/**
 * Header-based authentication ({@code nexus.auth.mode} {@code forward-auth} or {@code both}): a
 * request from a trusted proxy that names its user in {@code X-User-Id} (or a verified address in
 * {@code X-User}) is that user, loaded from the database. From anyone else the headers mean
 * nothing. The principal is a stand-in token: no session ({@code sid} is the nil UUID), {@code amr}
 * {@code proxy}, valid for this request only.
 */
final class ProxyHeaderAuthenticationFilter extends OncePerRequestFilter {

	static final UUID NO_SESSION = new UUID(0, 0);

	private final AuthModeProperties properties;

	private final KnownUsers users;

	private final Clock clock;

	ProxyHeaderAuthenticationFilter(AuthModeProperties properties, KnownUsers users, Clock clock) {
		this.properties = properties;
		this.users = users;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (ClientRequests.viaTrustedProxy(request)
				&& SecurityContextHolder.getContext().getAuthentication() == null) {
			user(request).ifPresent((userId) -> {
				Instant now = this.clock.instant();
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(AccessTokenAuthentication.ofProxyHeaders(new VerifiedAccessToken(userId, NO_SESSION,
						"proxy-" + UUID.randomUUID(), List.of("proxy"), now, now.plusSeconds(60))));
				SecurityContextHolder.setContext(context);
				MDC.put(LogFields.USER_ID, userId.toString());
			});
		}
		chain.doFilter(request, response);
	}

	private Optional<UUID> user(HttpServletRequest request) {
		String id = request.getHeader(this.properties.userIdHeader());
		if (id != null) {
			try {
				UUID userId = UUID.fromString(id.strip());
				return this.users.exists(userId) ? Optional.of(userId) : Optional.empty();
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}
		String email = request.getHeader(this.properties.userHeader());
		return (email != null && !email.isBlank()) ? this.users.userByVerifiedEmail(email.strip())
				: Optional.empty();
	}
}
