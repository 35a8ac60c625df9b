package nexus.iam.login;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReturnToPolicyTests {

	private final ReturnToPolicy policy = new ReturnToPolicy(URI.create("https://iam.nexus.test"),
			List.of(URI.create("https://app.nexus.test"), URI.create("http://localhost:3000")));

	@Test
	void checkWhenAbsentThenDefault() {
		assertThat(this.policy.check(null)).isEqualTo("/");
		assertThat(this.policy.check("")).isEqualTo("/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/account", "/account?tab=sessions#top", "https://app.nexus.test/x",
			"https://APP.nexus.test:443/x", "http://localhost:3000/callback", "https://iam.nexus.test/account" })
	void checkWhenLocalPathOrAllowedOriginThenAccepted(String target) {
		assertThat(this.policy.check(target)).isEqualTo(target);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example", "//evil.example", "///evil.example", "/\\evil.example",
			"\\\\evil.example", "https://app.nexus.test@evil.example", "https://user@app.nexus.test/",
			"http://app.nexus.test/", "https://app.nexus.test:8443/", "https://app.nexus.test.evil.example/",
			"javascript:alert(1)", "data:text/html,hi", "relative/path", "/path\nSet-Cookie:x=1", "/ spaces",
			"http://localhost:3001/" })
	void checkWhenAnywhereElseThenRejected(String target) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> this.policy.check(target))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_RETURN_TO));
	}

	@Test
	void checkWhenTooLongThenRejected() {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> this.policy.check("/" + "a".repeat(2048)));
	}
}
