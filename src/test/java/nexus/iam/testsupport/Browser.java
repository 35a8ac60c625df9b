package nexus.iam.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A small browser over real HTTP: a cookie jar (by name, which is all these tests need) and
 * redirects followed by hand, so that a test can stop at any hop and look at it.
 */
public final class Browser {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final Map<String, String> headers = new LinkedHashMap<>();

	/** Sends this header with every request, e.g. {@code Accept: text/html} as a browser does. */
	public Browser header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	public Map<String, String> cookies() {
		return this.cookies;
	}

	/** One request, no redirect followed; the response's cookies go into the jar. */
	public HttpResponse<String> get(String url) {
		return send(url, (builder) -> builder.GET());
	}

	public HttpResponse<String> send(String url, UnaryOperator<HttpRequest.Builder> customizer) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
		this.headers.forEach(builder::header);
		if (!this.cookies.isEmpty()) {
			builder.header("Cookie", this.cookies.entrySet()
				.stream()
				.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
		HttpRequest request = customizer.apply(builder).build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			for (String header : response.headers().allValues("Set-Cookie")) {
				for (HttpCookie cookie : HttpCookie.parse(header)) {
					if (cookie.getMaxAge() == 0) {
						this.cookies.remove(cookie.getName());
					}
					else {
						this.cookies.put(cookie.getName(), cookie.getValue());
					}
				}
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Follows redirects from {@code url} until a non-redirect answer, at most 10 hops. */
	public HttpResponse<String> follow(String url) {
		String next = url;
		for (int hop = 0; hop < 10; hop++) {
			HttpResponse<String> response = get(next);
			if (response.statusCode() / 100 != 3) {
				return response;
			}
			next = location(response);
		}
		throw new IllegalStateException("too many redirects from " + url);
	}

	/** The absolute target of a redirect. */
	public static String location(HttpResponse<?> response) {
		String location = response.headers().firstValue("Location").orElseThrow();
		return response.uri().resolve(location).toString();
	}

	public static List<String> setCookies(HttpResponse<?> response) {
		return response.headers().allValues("Set-Cookie");
	}
}
