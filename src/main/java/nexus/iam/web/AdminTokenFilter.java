package nexus.iam.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the internal administration API by its service token. Both sides are hashed
 * before the constant-time comparison, so neither the content nor the length of the token leaks
 * through timing.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

	private final byte @Nullable [] expectedHash;

	AdminTokenFilter(@Nullable String token) {
		this.expectedHash = (token != null && !token.isBlank()) ? sha256(token) : null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (this.expectedHash != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
				&& MessageDigest.isEqual(this.expectedHash, sha256(header.substring(7).trim()))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin-service-token", null,
					List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
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
