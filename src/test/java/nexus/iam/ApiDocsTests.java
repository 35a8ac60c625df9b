package nexus.iam;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import nexus.iam.problem.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/api.md describes the service as it is: every route of every controller, every error code, nothing "not available yet". */
class ApiDocsTests {

	private static final Path API = Path.of("docs", "api.md");

	@Test
	void everyRouteOfTheServiceIsDocumented() throws Exception {
		String docs = withoutVariableNames(Files.readString(API));
		List<String> routes = routes();
		assertThat(routes).hasSizeGreaterThan(20);
		assertThat(routes).filteredOn((route) -> !docs.contains(withoutVariableNames(route))).as("routes missing from docs/api.md")
			.isEmpty();
	}

	@Test
	void theDocsPromiseNothingThatExistsAsMissing() throws IOException {
		assertThat(Files.readString(API)).doesNotContainIgnoringCase("not available yet");
	}

	@Test
	void everyErrorCodeIsDocumented() throws IOException {
		String docs = Files.readString(API);
		for (ErrorCode code : ErrorCode.values()) {
			assertThat(docs).as("docs/api.md lists " + code.code()).contains("`" + code.code() + "`");
		}
	}

	/** {@code /users/{id}} and {@code /users/{userId}} are the same route. */
	private static String withoutVariableNames(String text) {
		return text.replaceAll("\\{[A-Za-z_]+}", "{}");
	}

	/** The paths of every handler method of the service's controllers (the error page aside). */
	private static List<String> routes() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		List<String> routes = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("nexus.iam")) {
			Class<?> type = Class.forName(candidate.getBeanClassName());
			if (type.getProtectionDomain().getCodeSource().getLocation().toString().contains("test-classes")) {
				continue; // the tests' own endpoints
			}
			for (Method method : type.getDeclaredMethods()) {
				RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
				if (mapping == null) {
					continue;
				}
				for (String path : mapping.path()) {
					// form posts of the pages are described with their page
					if (!path.equals("/error") && !path.startsWith("/account/") || path.startsWith("/account/mfa")
							&& !path.contains("/totp/") && !path.endsWith("recovery-codes") && !path.endsWith("/verify")
							&& !path.endsWith("/disable")) {
						routes.add(path);
					}
				}
			}
		}
		return routes.stream().distinct().sorted().toList();
	}
}
