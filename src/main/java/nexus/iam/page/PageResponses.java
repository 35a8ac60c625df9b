package nexus.iam.page;

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

	/** Cookies set or cleared, and no caching: these pages show sessions, addresses and secrets. */
	public static void write(HttpHeaders headers, HttpServletResponse response) {
		headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
	}
}
