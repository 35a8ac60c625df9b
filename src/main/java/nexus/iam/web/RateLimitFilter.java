package nexus.iam.web;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;
import nexus.iam.web.RateLimitProperties.Limit;

/**
 * Limits the endpoints an attacker would hammer: sign-in and token endpoints per client address
 * (as the trusted-proxy filter determined it), account changes per user. Over the limit: 429 with
 * {@code Retry-After}.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private static final Pattern SIGN_IN = Pattern.compile(
			"^/api/auth/[A-Za-z0-9_-]+/(login|callback)$|^/api/auth/passkey(/options)?$"); // passkey

	private static final Pattern TOKEN = Pattern.compile("^/api/auth/(refresh|revoke|logout|csrf)$");

	static final UrlPathHelper PATHS = new UrlPathHelper();

	private final RateLimiter limiter;

	private final Limit signIn;

	private final Limit token;

	private final Limit account;

	/** By group, made once: every series exists from the start, at zero ("no 429s yet" is a value). */
	private final Map<String, GroupCounters> counters = new HashMap<>();

	RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, MeterRegistry registry) {
		this.limiter = limiter;
		this.signIn = Limit.parse(properties.signIn());
		this.token = Limit.parse(properties.token());
		this.account = Limit.parse(properties.account());
		for (String group : new String[] { "sign-in", "token", "account" }) {
			this.counters.put(group, new GroupCounters(
					Counter.builder("rate.limit.requests").tags("endpoint", group, "status", "allowed").register(registry),
					Counter.builder("rate.limit.requests").tags("endpoint", group, "status", "limited").register(registry),
					Counter.builder("rate.limit.exceeded").tag("endpoint", group).register(registry)));
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = key(request);
		if (key != null) {
			Duration wait = this.limiter.tryConsume(key, limitOf(key));
			count(key, wait.isZero());
			if (!wait.isZero()) {
				long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				Problems.write(response, Problems.of(ErrorCode.RATE_LIMITED,
						"Too many requests; try again in " + seconds + " s"));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private @Nullable String key(HttpServletRequest request) {
		// the decoded path without ;parameters, as request mapping sees it: /api/auth/%72efresh is refresh
		String path = PATHS.getLookupPathForRequest(request);
		if (SIGN_IN.matcher(path).matches()) {
			return "sign-in:ip:" + client(request.getRemoteAddr());
		}
		if (TOKEN.matcher(path).matches()) {
			return "token:ip:" + client(request.getRemoteAddr());
		}
		boolean mutation = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
				&& !"OPTIONS".equals(request.getMethod());
		if (mutation && (path.equals("/api/me") || path.startsWith("/api/me/"))) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication instanceof AccessTokenAuthentication user) {
				return "account:user:" + user.getPrincipal().userId();
			}
		}
		return null;
	}

	/** An IPv4 address, or the /64 of an IPv6 one: a single host usually holds a whole /64. */
	static String client(String address) {
		if (address.indexOf(':') < 0) {
			return address;
		}
		try {
			byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
			if (bytes.length != 16) {
				return address;
			}
			return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
		}
		catch (java.net.UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * {@code rate_limit_requests_total{endpoint,status}} and {@code rate_limit_exceeded_total{endpoint}};
	 * the endpoint is the limit's group (sign-in, token, account), not a path.
	 */
	private void count(String key, boolean allowed) {
		GroupCounters group = this.counters.get(key.substring(0, key.indexOf(':')));
		if (allowed) {
			group.allowed().increment();
		}
		else {
			group.limited().increment();
			group.exceeded().increment();
		}
	}

	private record GroupCounters(Counter allowed, Counter limited, Counter exceeded) {
	}

	private Limit limitOf(String key) {
		return key.startsWith("sign-in:") ? this.signIn : key.startsWith("token:") ? this.token : this.account;
	}
}
