package nexus.iam.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexus.iam.config.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped example: ops/secrets/example.enc.env opens with the published example key, holds
 * only placeholders that production mode refuses, and .sops.yaml encrypts to the same recipient.
 */
class ExampleSecretsFileTests {

	private static final Path EXAMPLE = Path.of("ops/secrets/example.enc.env");

	private static final Path EXAMPLE_KEY = Path.of("ops/secrets/example-age-key.txt");

	@Test
	void exampleFileWhenDecryptedWithTheExampleKeyThenHoldsPlaceholdersProductionRefuses() {
		Map<String, String> variables = SecretsEnvironmentPostProcessor.variables(
				SopsFile.decrypt(EXAMPLE, SopsFileTests.identitiesFromFile(EXAMPLE_KEY)), SopsFormat.DOTENV,
				EXAMPLE.toString());
		assertThat(variables).containsOnlyKeys("NEXUS_ADMIN_TOKEN", "NEXUS_LOGIN_STATE_SECRET",
				"NEXUS_TOKEN_REFRESH_TOKEN_SECRET", "NEXUS_DATABASE_PASSWORD", "NEXUS_MAIL_PASSWORD",
				"NEXUS_LOGIN_PROVIDERS_GOOGLE_CLIENT_SECRET");
		assertThat(variables.values()).allSatisfy((value) -> {
			assertThat(value).startsWith("example-").contains("replace-me");
			assertThat(Secrets.weakness(value)).isPresent();
		});
	}

	@Test
	void sopsConfigurationWhenReadThenEncryptsToTheExampleRecipient() throws IOException {
		String recipient = Files.readAllLines(EXAMPLE_KEY)
			.stream()
			.filter((line) -> line.startsWith("# public key: "))
			.findFirst()
			.orElseThrow()
			.substring("# public key: ".length());
		assertThat(Files.readString(Path.of(".sops.yaml"))).contains(recipient);
		assertThat(Files.readString(EXAMPLE)).contains("sops_age__list_0__map_recipient=" + recipient + "\n");
	}
}
