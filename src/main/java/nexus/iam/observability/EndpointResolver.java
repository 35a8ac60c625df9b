package nexus.iam.observability;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The route template of a request ({@code /api/me/sessions/{id}}), never its raw path: raw paths
 * carry ids and would give metrics one series per id. A request refused before it reached its
 * controller (401, 403, 429) is matched against the handler mappings afterwards, so it is counted
 * under the endpoint it was aimed at; what matches no route is {@code NOT_FOUND} (404) or
 * {@code UNMATCHED}.
 */
final class EndpointResolver {

	private static final String CATCH_ALL = "/**";

	private final HandlerMapping handlers;

	EndpointResolver(HandlerMapping handlers) {
		this.handlers = handlers;
	}

	String resolve(HttpServletRequest request, int status) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null && status != 404) {
			try {
				// matching sets the attribute as a side effect; it needs the parsed path that
				// only the DispatcherServlet would have cached
				if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
					ServletRequestPathUtils.parseAndCache(request);
				}
				this.handlers.getHandler(request);
				pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			}
			catch (Exception ex) {
				pattern = null; // no route takes this method, or matching failed: UNMATCHED
			}
		}
		// the static resources' catch-all: a 404 there matched no route of the service
		if (pattern != null && !(status == 404 && CATCH_ALL.equals(pattern.toString()))) {
			return pattern.toString();
		}
		return (status == 404) ? "NOT_FOUND" : "UNMATCHED";
	}
}
