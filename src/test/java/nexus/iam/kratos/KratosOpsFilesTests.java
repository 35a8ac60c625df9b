package nexus.iam.kratos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kratos configuration shipped in ops/kratos matches the endpoint it configures. */
class KratosOpsFilesTests {

	private static final Path DIR = Path.of("ops/kratos");

	@Test
	void hookSnippetWhenReadThenPostsToTheEndpointWithTheSecretHeaderAfterPersisting() throws IOException {
		String snippet = Files.readString(DIR.resolve("kratos-registration-webhook.yml"));
		for (String method : new String[] { "password:", "oidc:" }) {
			assertThat(snippet).contains(method);
		}
		assertThat(snippet.split("- hook: web_hook", -1)).hasSize(3);
		assertThat(count(snippet, "url: https://iam.example.com" + KratosWebhookController.PATH)).isEqualTo(2);
		assertThat(count(snippet, "name: " + KratosWebhookController.SECRET_HEADER)).isEqualTo(2);
		assertThat(count(snippet, "body: file:///etc/config/kratos/registration-webhook.jsonnet")).isEqualTo(2);
		assertThat(count(snippet, "parse: false")).isEqualTo(2);
		assertThat(snippet).doesNotContain("can_interrupt");
	}

	@Test
	void bodyTemplateWhenReadThenSendsTheIdentityAndTheMethod() throws IOException {
		String template = Files.readString(DIR.resolve("registration-webhook.jsonnet"));
		assertThat(template).contains("function(ctx)", "identity: ctx.identity,", "method: ", "ctx.flow.active");
	}

	private static int count(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}
}
