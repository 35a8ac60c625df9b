package nexus.iam.clientregistry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UriRulesTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://a.example/cb", "https://a.example:8443/cb?x=1", "http://localhost/cb",
			"http://LOCALHOST:1/cb", "http://127.0.0.1/cb", "http://127.1.2.3:80/", "http://[::1]:8080/cb" })
	void allowedWhenHttpsOrLoopbackHttp(String uri) {
		assertThat(UriRules.problem(uri)).as(uri).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x",
			"file:///etc/passwd", "ftp://a.example/", "http://a.example/", "http://127.0.0.1.evil.example/",
			"http://localhost.evil.example/", "https://a.example/#f", "https://a.example/#", "//a.example/cb", "/cb",
			"https:/cb", "https://", "https://u:p@a.example/", "", "https://a .example/" })
	void refusedOtherwise(String uri) {
		assertThat(UriRules.problem(uri)).as(uri).isPresent();
	}
}
