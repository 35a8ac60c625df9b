package nexus.iam.problem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The error page people see: a request that asks for HTML (a browser's navigation, whose
 * {@code Accept} lists {@code text/html}) gets the same status as an API client, with one template
 * ({@code templates/error.html}) instead of problem+json, whichever part of the service refused it.
 * Its own engine, so that the security filters, which run outside Spring MVC, render the same page.
 */
public final class ProblemPages {

	private static final SpringTemplateEngine ENGINE = engine();

	private ProblemPages() {
	}

	/**
	 * True when {@code Accept} names {@code text/html} (not merely {@code *}{@code /*}) and prefers
	 * it to JSON, as browsers do for navigations; API clients that accept anything keep JSON.
	 */
	public static boolean wantsHtml(@Nullable HttpServletRequest request) {
		if (request == null) {
			return false;
		}
		String accept = request.getHeader("Accept");
		if (accept == null || !accept.contains("text/html")) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		double html = quality(types, MediaType.TEXT_HTML);
		double json = Math.max(quality(types, MediaType.APPLICATION_JSON), quality(types, MediaType.APPLICATION_PROBLEM_JSON));
		return html > 0 && html >= json;
	}

	/** The quality given to exactly this type (wildcards do not count). */
	private static double quality(List<MediaType> types, MediaType wanted) {
		return types.stream()
			.filter((type) -> type.getType().equals(wanted.getType()) && type.getSubtype().equals(wanted.getSubtype()))
			.mapToDouble(MediaType::getQualityValue)
			.max()
			.orElse(0);
	}

	/** The page for this problem; the request id is the one the response carries. */
	public static String render(ProblemDetail problem, @Nullable String requestId) {
		String code = (problem.getProperties() != null && problem.getProperties().get("code") instanceof String text)
				? text : ErrorCodes.forStatus(problem.getStatus()).code();
		Context context = new Context();
		context.setVariable("status", problem.getStatus());
		context.setVariable("title", ErrorSentences.heading(problem.getStatus()));
		context.setVariable("sentence", ErrorSentences.sentence(code, problem.getStatus()));
		context.setVariable("code", code);
		context.setVariable("requestId", requestId);
		context.setVariable("signInAgain", ErrorSentences.signInAgain(code));
		return ENGINE.process("error", context);
	}

	/** Writes the page with the problem's status. */
	static void write(HttpServletResponse response, ProblemDetail problem) throws java.io.IOException {
		byte[] page = render(problem, response.getHeader(RequestIdHeader.NAME)).getBytes(StandardCharsets.UTF_8);
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(page.length);
		response.getOutputStream().write(page);
	}

	private static SpringTemplateEngine engine() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		resolver.setResolvablePatterns(Set.of("error"));
		resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
		resolver.setCacheable(true);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}
}
