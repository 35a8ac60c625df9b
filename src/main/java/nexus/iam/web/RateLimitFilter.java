package nexus.iam.web;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import nexus.iam.surface.RateLimit;
import nexus.iam.web.RateLimitProperties.Limit;

/**
 * Limits the endpoints an attacker would hammer, as the features declare them in their
 * {@code HttpSurface}: sign-in and token endpoints per client address (as the trusted-proxy filter
 * determined it), account changes per user. Over the limit: 429 with {@code Retry-After}.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	static final UrlPathHelper PATHS = new UrlPathHelper();

	private final RateLimiter limiter;

	/** The features' paths, in their order: the first that matches counts. */
	private final List<RateLimit> paths;

	private final Map<String, Limit> limits;

	/** By group, made once: every series exists from the start, at zero ("no 429s yet" is a value). */
	private final Map<String, GroupCounters> counters = new HashMap<>();

	RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, List<RateLimit> paths,
			MeterRegistry registry) {
		this.limiter = limiter;
		this.paths = List.copyOf(paths);
		this.limits = Map.of(RateLimit.SIGN_IN, Limit.parse(properties.signIn()), RateLimit.TOKEN,
				Limit.parse(properties.token()), RateLimit.ACCOUNT, Limit.parse(properties.account()));
		for (RateLimit path : this.paths) {
			if (!this.limits.containsKey(path.group())) {
				throw new IllegalStateException("No rate limit is configured for the group " + path.group());
			}
		}
		for (String group : new String[] { RateLimit.SIGN_IN, RateLimit.TOKEN, RateLimit.ACCOUNT }) {
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
		boolean mutation = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
				&& !"OPTIONS".equals(request.getMethod());
		for (RateLimit limit : this.paths) {
			if ((mutation || !limit.changesOnly()) && limit.matches(path)) {
				if (!limit.perUser()) {
					return limit.group() + ":ip:" + client(request.getRemoteAddr());
				}
				Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
				return (authentication instanceof AccessTokenAuthentication user)
						? limit.group() + ":user:" + user.getPrincipal().userId() : null;
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
		return this.limits.get(key.substring(0, key.indexOf(':')));
	}
}
