package nexus.iam.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.config.AdminProperties;

/**
 * Authenticates the internal administration API by its service token
 * ({@link AdminProperties#isToken}, a constant-time comparison).
 */
final class AdminTokenFilter extends OncePerRequestFilter {

	private final AdminProperties admin;

	AdminTokenFilter(AdminProperties admin) {
		this.admin = admin;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
				&& this.admin.isToken(header.substring(7).trim())) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin-service-token", null,
					List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

}
