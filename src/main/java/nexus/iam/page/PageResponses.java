package nexus.iam.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** How the server-rendered pages answer: never cached, forms answered with a 303. */
public final class PageResponses {

	private PageResponses() {
	}

	/** 303: the browser follows with a GET, so a reload never re-posts a form. */
	public static ModelAndView seeOther(String location, HttpHeaders headers, HttpServletResponse response) {
		write(headers, response);
		RedirectView redirect = new RedirectView(location, true);
		redirect.setStatusCode(HttpStatus.SEE_OTHER);
		return new ModelAndView(redirect);
	}

	/**
	 * 303 to the home page's sign-in, which comes back to {@code returnTo} (a path with its query)
	 * once signed in: what a page answers a viewer who is not signed in.
	 */
	public static ModelAndView toSignIn(String returnTo, HttpHeaders headers, HttpServletResponse response) {
		// slashes may stand in a query as they are (RFC 3986 §3.4): the address stays readable
		String encoded = URLEncoder.encode(returnTo, StandardCharsets.UTF_8).replace("%2F", "/");
		return seeOther("/?return_to=" + encoded, headers, response);
	}

	/** Cookies set or cleared, and no caching: these pages show sessions, addresses and secrets. */
	public static void write(HttpHeaders headers, HttpServletResponse response) {
		headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
	}
}
